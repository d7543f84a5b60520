//! The `kwebcast` binary: a thin face over the library (see `cli::main`).

fn main() -> std::process::ExitCode {
    kwebcast::cli::main()
}
