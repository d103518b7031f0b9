use clap::Parser;
use std::process::ExitCode;
use tenure::cli::{self, Cli};

fn main() -> ExitCode {
    // No panic text or backtrace ever reaches a person: one plain sentence.
    std::panic::set_hook(Box::new(|info| {
        // `tenure accounts | head`: the reader left; stop quietly, as a
        // Unix tool killed by SIGPIPE would (the signal itself stays
        // ignored, so a plugin child's closed pipe never kills the window).
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if payload.starts_with("failed printing to stdout") && payload.contains("Broken pipe") {
            std::process::exit(141);
        }
        let location = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "Tenure stopped because of an internal error{location}; your data was not changed by the interrupted step. Please report this."
        );
    }));
    let args = Cli::parse();
    // Plugins run in children of this same executable (issue 20).
    tenure::importing::isolation::set_runner(std::env::current_exe().ok());
    args.apply_globals();
    match &args.command {
        // `tenure FILE…` opens the window on the Import view with them.
        None | Some(cli::Command::Files(_)) => open_window(&args),
        Some(command) => match cli::run(&args, command) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("{}", e.message);
                ExitCode::from(e.code)
            }
        },
    }
}

#[cfg(feature = "gui")]
fn open_window(args: &Cli) -> ExitCode {
    let files = match args.files_to_import() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{}", e.message);
            return ExitCode::from(e.code);
        }
    };
    match tenure::ui::run(args.db_path(), files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_args: &Cli) -> ExitCode {
    eprintln!(
        "This build of Tenure has no window (built without the `gui` feature); run `tenure --help` for the commands."
    );
    ExitCode::from(2)
}
