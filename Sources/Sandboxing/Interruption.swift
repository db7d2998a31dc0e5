#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request to stop, seen by every child process waiting on it: `ChildProcess.run`
/// kills its child's whole process group (and so its sandbox) as soon as the flag is set,
/// and the grader starts no further build or test. Results already written stay valid:
/// each `results.json` is replaced atomically after every test.
///
/// `Interruption.process` is the one SIGINT and SIGTERM set (`installSignalHandlers`);
/// tests make their own, so that interrupting one run leaves the others alone. The flag
/// is one aligned 32-bit word, written by the signal handler and read by the waiting
/// loops, as C's `sig_atomic_t`.
package final class Interruption: @unchecked Sendable {
    private let flag: UnsafeMutablePointer<Int32>

    package init() {
        flag = .allocate(capacity: 1)
        flag.initialize(to: 0)
    }

    deinit { flag.deallocate() }

    package var isRequested: Bool { flag.pointee != 0 }

    package func request() { flag.pointee = 1 }

    /// The process-wide interruption.
    package static let process = Interruption()

    /// SIGINT and SIGTERM request `process`'s interruption instead of ending the grader
    /// at once, which would orphan the running test (it lives in its own process group).
    /// Every further signal does the same: the grader always stops by killing what it
    /// started. (SIGKILL still ends it at once, children and all left to run out.)
    package static func installSignalHandlers() {
        _ = process                                       // created before any signal can arrive
        for signal in [SIGINT, SIGTERM] {
            _ = Self.signalFunction(signal) { _ in Interruption.process.request() }
        }
    }

    #if canImport(Glibc)
    private static let signalFunction = Glibc.signal
    #else
    private static let signalFunction = Darwin.signal
    #endif
}
