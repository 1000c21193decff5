use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // An interrupted run leaves no half-written report or temporary file behind; 130 is the
    // shell's code for a run ended by Ctrl-C.
    let _ = ctrlc::set_handler(|| {
        certfit::sink::remove_unfinished();
        std::process::exit(130);
    });
    // The PDF reader's panics are caught and become the file's skip reason: no message for them.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !certfit::extract::reading_pdf() {
            default_hook(info);
        }
    }));
    let args = certfit::cli::Args::parse();
    match certfit::run(args) {
        Ok(exit) => exit.into(),
        // A closed pipe (`certfit analyze ... | head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("certfit: {err:#}");
            certfit::Exit::Failure.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
