import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A request to stop, seen by every child process waiting on it: `ChildProcess.run`
/// kills its child's whole process group (and so its sandbox) as soon as the flag is set,
/// and the grader starts no further build or test. Results already written stay valid:
/// each `results.json` is replaced atomically after every test.
///
/// `Interruption.process` is the one SIGINT and SIGTERM set (`installSignalHandlers`);
/// tests make their own, so that interrupting one run leaves the others alone.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    var isRequested: Bool { flag.load(ordering: .relaxed) }

    func request() { flag.store(true, ordering: .relaxed) }

    /// The process-wide interruption.
    static let process = Interruption()

    /// SIGINT and SIGTERM request `process`'s interruption instead of ending the grader
    /// at once (which would orphan the running test: it lives in its own process group).
    /// A second signal ends the grader the default way.
    static func installSignalHandlers() {
        _ = process                                       // created before any signal can arrive
        for signal in [SIGINT, SIGTERM] {
            Glibc.signal(signal) { received in
                if Interruption.process.isRequested { Glibc.signal(received, SIG_DFL); raise(received); return }
                Interruption.process.request()
            }
        }
    }
}
