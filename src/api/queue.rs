//! One bounded queue for the per-user calls of a widget: resets, mails and
//! role lookups. Few run at once, since the tenant throttles, and a reset
//! never waits behind a thousand lookups: writes go ahead of lookups.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::task::spawn_local;

/// How many calls of one widget run side by side.
pub const CONCURRENCY: usize = 4;

type Job = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// A reset or a mail: runs before any waiting lookup.
    Write,
    /// A role lookup for a row.
    Lookup,
}

#[derive(Clone, Default)]
pub struct WorkQueue {
    inner: Rc<Inner>,
}

#[derive(Default)]
struct Inner {
    running: Cell<usize>,
    writes: RefCell<VecDeque<Job>>,
    lookups: RefCell<VecDeque<Job>>,
}

impl WorkQueue {
    pub fn push(&self, priority: Priority, job: impl Future<Output = ()> + 'static) {
        let waiting = match priority {
            Priority::Write => &self.inner.writes,
            Priority::Lookup => &self.inner.lookups,
        };
        waiting.borrow_mut().push_back(Box::pin(job));
        pump(&self.inner);
    }
}

fn pump(inner: &Rc<Inner>) {
    while inner.running.get() < CONCURRENCY {
        let next = inner.writes.borrow_mut().pop_front();
        let Some(job) = next.or_else(|| inner.lookups.borrow_mut().pop_front()) else {
            return;
        };
        inner.running.set(inner.running.get() + 1);
        let inner = Rc::clone(inner);
        spawn_local(async move {
            job.await;
            inner.running.set(inner.running.get() - 1);
            pump(&inner);
        });
    }
}
