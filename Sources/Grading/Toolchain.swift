import Foundation
import Sandboxing

/// The Swift toolchain that builds the student's code, as the sandbox must see it.
struct Toolchain {
    /// The `swift` executable, links resolved.
    let swift: URL
    /// What the sandbox must show read-only besides the system paths: the toolchain's
    /// root (`…/usr/bin/swift` → `…`), unless it lies under a system path already.
    let readOnly: [URL]

    /// The first `swift` on PATH.
    static func locate() throws(GradingError) -> Toolchain {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            // `swift` links to `swift-driver` in the toolchain's usr/bin, which dispatches on
            // its name: keep the name, resolve the folder; the root is two levels above it.
            let bin = candidate.resolvingSymlinksInPath().deletingLastPathComponent()
            let root = bin.deletingLastPathComponent().deletingLastPathComponent()
            let covered = root.path == "/" || Sandbox.systemPaths.contains { root.path == $0 || root.path.hasPrefix($0 + "/") }
            return Toolchain(swift: bin.appendingPathComponent("swift"), readOnly: covered ? [] : [root])
        }
        throw .invalidPackage("no swift on PATH: install the Swift toolchain, or put it on PATH")
    }
}
