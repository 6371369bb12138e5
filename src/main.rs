//! The `threatbench` binary: a thin shell over [`threatbench::cli::run`].

fn main() -> std::process::ExitCode {
    threatbench::cli::run()
}
