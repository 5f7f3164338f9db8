//! One bounded queue for the per-user calls of a widget: its resets, mails
//! and sign-outs. Few run at once, since the tenant throttles writes.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::task::spawn_local;

/// How many calls of one widget run side by side.
pub const CONCURRENCY: usize = 4;

type Job = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Clone, Default)]
pub struct WorkQueue {
    inner: Rc<Inner>,
}

#[derive(Default)]
struct Inner {
    running: Cell<usize>,
    waiting: RefCell<VecDeque<Job>>,
}

impl WorkQueue {
    /// Runs `job` once fewer than [`CONCURRENCY`] others run, in the order pushed.
    pub fn push(&self, job: impl Future<Output = ()> + 'static) {
        self.inner.waiting.borrow_mut().push_back(Box::pin(job));
        pump(&self.inner);
    }
}

fn pump(inner: &Rc<Inner>) {
    while inner.running.get() < CONCURRENCY {
        let Some(job) = inner.waiting.borrow_mut().pop_front() else {
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
