//! Request log lines. They go to stderr, or to memory so tests can read them
//! back and check that nothing secret was ever written.

use std::sync::{Arc, Mutex, PoisonError};

#[derive(Clone, Debug, Default)]
pub enum LogSink {
    #[default]
    Stderr,
    Memory(Arc<Mutex<Vec<String>>>),
}

impl LogSink {
    pub fn memory() -> (LogSink, Arc<Mutex<Vec<String>>>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        (LogSink::Memory(lines.clone()), lines)
    }

    pub fn line(&self, line: String) {
        match self {
            LogSink::Stderr => eprintln!("{line}"),
            LogSink::Memory(lines) => {
                lines
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(line);
            }
        }
    }
}
