#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages as lines over a pair of file descriptors (pipes between the two processes).
///
/// Reading is bounded: a line longer than `maximumLineBytes` is refused rather than
/// buffered, and a reader can wait with a deadline, so a hostile peer can neither
/// exhaust memory nor hang the reader.
public final class LineChannel {
    public let input: Int32
    public let output: Int32
    public let maximumLineBytes: Int
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no newline.
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    public enum ReadFailure: Error, Equatable, Sendable {
        /// The other side closed its end (it ended or crashed).
        case closed
        /// Nothing complete arrived before the deadline.
        case timedOut
        /// A line longer than the limit.
        case tooLong
        /// A line that is not a message.
        case malformed
    }

    public init(input: Int32, output: Int32, maximumLineBytes: Int = 64 << 20) {
        self.input = input
        self.output = output
        self.maximumLineBytes = maximumLineBytes
    }

    /// Sends one message; false when the other side is gone.
    @discardableResult
    public func send(_ message: WireMessage) -> Bool {
        var line = message.wire.bytes
        line.append(UInt8(ascii: "\n"))
        var bytes = line[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// The next message, waiting at most `milliseconds` (forever when nil).
    public func receive(within milliseconds: Int? = nil) throws(ReadFailure) -> WireMessage {
        let line = try nextLine(within: milliseconds)
        guard let value = WireValue(bytes: line), let message = WireMessage(wire: value) else { throw .malformed }
        return message
    }

    private func nextLine(within milliseconds: Int?) throws(ReadFailure) -> [UInt8] {
        let start = Self.nowMilliseconds()
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                scanned = 0
                return line
            }
            scanned = buffer.count
            guard buffer.count <= maximumLineBytes else { throw .tooLong }
            if let milliseconds {
                let left = milliseconds - (Self.nowMilliseconds() - start)
                guard left > 0 else { throw .timedOut }
                var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, Int32(min(left, Int(Int32.max))))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { throw ready == 0 ? .timedOut : .closed }
            }
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .closed }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    static func nowMilliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
    }
}
