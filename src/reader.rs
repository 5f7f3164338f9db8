//! Read-only access to a store's signal. Stores hand these to components, so
//! only the store can write; unlike `ReadSignal`, it adds no signal type of its
//! own to the bundle, since every call goes straight to the store's `RwSignal`.

use leptos::prelude::*;

pub struct Reader<T: 'static>(RwSignal<T>);

impl<T> Clone for Reader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Reader<T> {}

impl<T: Send + Sync + 'static> Reader<T> {
    pub fn new(signal: RwSignal<T>) -> Self {
        Reader(signal)
    }

    /// Reads, and reruns the caller's effect when the value changes.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.0.with(read)
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.0.with_untracked(read)
    }

    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.0.get()
    }

    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.0.get_untracked()
    }

    pub fn track(&self) {
        self.0.track();
    }
}
