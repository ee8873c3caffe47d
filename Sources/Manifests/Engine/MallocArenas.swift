#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc arenas for a command-line run on one worker thread.
///
/// glibc gives each new thread its own arena, and grows a thread arena by an `mprotect` call each
/// time its top is used up (a page or two at a time; `M_TOP_PAD` does not apply there), while the
/// main arena grows by `brk` with 128 KiB of padding. A run keeps every document tree until it
/// exits, so a `--jobs 1` run of the 10,000-document bench corpus made 16,338 `mprotect` calls
/// from its one worker (62 with a single arena), ~10% of its CPU time (bench/manifests/README.md,
/// branch manifests5). With one worker the main thread only waits, so nothing contends for the
/// one arena; with more workers each keeps its own (one arena for two busy threads was slower).
enum MallocArenas {
    /// `M_ARENA_MAX` of `<malloc.h>`, which Swift's Glibc module does not import.
    private static let arenaMaxParameter: Int32 = -8

    /// From now on, new threads allocate from the existing arenas (the main one, when called
    /// before any other thread allocates). Process-wide: only for a process that exits after one
    /// run. Does nothing where glibc's `mallopt` is not found.
    static func useOneArena() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, outside Swift's Glibc module: looked up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, 1)
        #endif
    }
}
