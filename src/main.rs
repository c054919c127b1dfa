fn main() -> std::process::ExitCode {
    pbitoken::app::main_with_args(std::env::args_os()).into()
}
