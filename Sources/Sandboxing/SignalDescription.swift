#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a signal that ended student code means, in words a student can act on.
package func signalDescription(_ signal: Int32) -> String {
    switch signal {
    case SIGILL: "SIGILL: a trap such as fatalError, a failed precondition, an index out of range or a nil unwrap"
    case SIGTRAP: "SIGTRAP: a trap such as fatalError or an index out of range"
    case SIGSEGV: "SIGSEGV: an invalid memory access"
    case SIGABRT: "SIGABRT: abort"
    case SIGFPE: "SIGFPE: an arithmetic trap such as integer division by zero"
    case SIGKILL: "SIGKILL"
    case SIGXCPU: "SIGXCPU: the limit on CPU time"
    case SIGXFSZ: "SIGXFSZ: the limit on the size of a file written"
    default: "signal \(signal)"
    }
}
