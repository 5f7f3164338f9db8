use std::io::Write;
use std::process::ExitCode;

use local_tenant::config::{Command, USAGE};
use local_tenant::{Config, serve};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1), |key| std::env::var(key).ok()) {
        Ok(Command::Run(config)) => *config,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("local-tenant: {message}");
            return ExitCode::from(2);
        }
    };
    let (address, handle) = match serve(config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("local-tenant: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts wait for exactly this line.
    println!("local tenant listening on http://{address}");
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    handle.shutdown().await;
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM can be watched");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
