// On unix the entry point is our own: Rust's runtime would reopen a closed
// stdout (`pbitoken token >&-`) on /dev/null before main, and the token
// would then go nowhere with exit 0.
#![cfg_attr(all(unix, not(test)), no_main)]

#[cfg(all(unix, not(test)))]
#[unsafe(no_mangle)]
extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
    pbitoken::app::guard_standard_fds();
    // As Rust's runtime does: a closed pipe (`| head`) is an EPIPE error
    // that pbitoken handles, not a signal that kills it.
    // SAFETY: setting a signal's disposition to ignore has no preconditions.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    // The arguments from the C entry point itself: without Rust's runtime,
    // `std::env::args_os()` is empty on musl (only glibc hands them over
    // before main).
    let args = (0..usize::try_from(argc).unwrap_or(0)).map(|i| {
        use std::os::unix::ffi::OsStrExt;
        // SAFETY: the C runtime passes argc valid, NUL-terminated strings
        // in argv, alive for the whole process.
        let arg = unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) };
        std::ffi::OsStr::from_bytes(arg.to_bytes()).to_os_string()
    });
    pbitoken::app::main_with_args(args).into()
}

#[cfg(any(not(unix), test))]
fn main() -> std::process::ExitCode {
    pbitoken::app::main_with_args(std::env::args_os()).into()
}
