/// A value crossing the call boundary between the graded tests and the student's code.
///
/// The two sides run in different processes and trust each other not at all, so the
/// format is small, exact and strict: one message is one line of space-separated tokens,
///
/// ```
/// d<16 hex digits>   a Double, by its bit pattern (NaN, −0 and subnormals survive)
/// i<decimal>         an Int
/// t | f              a Bool
/// s<hex of UTF-8>    a String
/// [ … ]              a list
/// ```
///
/// and `WireValue(line:)` returns nil for anything else: a truncated line, a stray token,
/// lists nested deeper than `maximumDepth`, a string that is not UTF-8. Nothing in it uses
/// Foundation, so the student's executable starts in a few milliseconds.
public enum WireValue: Equatable, Sendable {
    case double(Double)
    case int(Int)
    case bool(Bool)
    case string(String)
    case list([WireValue])

    /// Lists inside lists beyond this depth are refused (no message needs more than 3).
    public static let maximumDepth = 8

    /// Bit-exact equality for doubles (NaN equals the same NaN), so that a round trip
    /// can be checked with `==`.
    public static func == (a: WireValue, b: WireValue) -> Bool {
        switch (a, b) {
        case let (.double(x), .double(y)): x.bitPattern == y.bitPattern
        case let (.int(x), .int(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.list(x), .list(y)): x == y
        default: false
        }
    }

    /// The one-line text form (no newline).
    public var line: String { String(decoding: bytes, as: UTF8.self) }

    /// The one-line text form as UTF-8 bytes (no newline).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func appendHex(_ value: UInt64, digits count: Int, to out: inout [UInt8]) {
        for shift in stride(from: (count - 1) * 4, through: 0, by: -4) {
            out.append(digits[Int((value >> UInt64(shift)) & 0xf)])
        }
    }

    private func append(to out: inout [UInt8]) {
        switch self {
        case .double(let x):
            out.append(UInt8(ascii: "d"))
            Self.appendHex(x.bitPattern, digits: 16, to: &out)
        case .int(let n):
            out.append(UInt8(ascii: "i"))
            out.append(contentsOf: String(n).utf8)
        case .bool(let b):
            out.append(UInt8(ascii: b ? "t" : "f"))
        case .string(let s):
            out.append(UInt8(ascii: "s"))
            for byte in s.utf8 { Self.appendHex(UInt64(byte), digits: 2, to: &out) }
        case .list(let values):
            out.append(UInt8(ascii: "["))
            for value in values {
                out.append(UInt8(ascii: " "))
                value.append(to: &out)
            }
            out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "]")])
        }
    }

    /// Parses one line; nil unless the whole line is exactly one value.
    public init?(line: String) {
        self.init(bytes: Array(line.utf8))
    }

    /// Parses one line of UTF-8 bytes; nil unless the whole line is exactly one value.
    public init?(bytes: [UInt8]) {
        var parser = Parser(bytes: bytes)
        guard let value = parser.value(depth: 0), parser.atEnd else { return nil }
        self = value
    }

    /// Reads tokens separated by single spaces, each exactly as `append` writes it.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        /// The next token (up to a space or the end), consuming the space after it.
        mutating func nextToken() -> ArraySlice<UInt8>? {
            guard index < bytes.count else { return nil }
            let start = index
            while index < bytes.count && bytes[index] != UInt8(ascii: " ") { index += 1 }
            let token = bytes[start..<index]
            if index < bytes.count {
                index += 1
                if index == bytes.count { return nil }          // a trailing space
            }
            return token
        }

        static func hexDigit(_ byte: UInt8) -> UInt64? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
            default: nil
            }
        }

        mutating func value(depth: Int) -> WireValue? {
            guard let token = nextToken(), let tag = token.first else { return nil }
            let body = token.dropFirst()
            switch tag {
            case UInt8(ascii: "d"):
                guard body.count == 16 else { return nil }
                var bits: UInt64 = 0
                for byte in body {
                    guard let digit = Self.hexDigit(byte) else { return nil }
                    bits = bits << 4 | digit
                }
                return .double(Double(bitPattern: bits))
            case UInt8(ascii: "i"):
                return Int(String(decoding: body, as: UTF8.self)).map(WireValue.int)
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                return body.isEmpty ? .bool(tag == UInt8(ascii: "t")) : nil
            case UInt8(ascii: "s"):
                guard body.count % 2 == 0 else { return nil }
                var decoded: [UInt8] = []
                decoded.reserveCapacity(body.count / 2)
                var i = body.startIndex
                while i < body.endIndex {
                    guard let high = Self.hexDigit(body[i]), let low = Self.hexDigit(body[i + 1]) else { return nil }
                    decoded.append(UInt8(high << 4 | low))
                    i += 2
                }
                return String(validating: decoded, as: UTF8.self).map(WireValue.string)
            case UInt8(ascii: "["):
                guard body.isEmpty, depth < WireValue.maximumDepth else { return nil }
                var values: [WireValue] = []
                while true {
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: "]") && (index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: " ")) {
                        guard nextToken() != nil else { return nil }     // "] " at the end
                        return .list(values)
                    }
                    guard let value = value(depth: depth + 1) else { return nil }
                    values.append(value)
                }
            default:
                return nil
            }
        }
    }
}

/// A Swift value with a `WireValue` form: the argument and result types of the exercises.
public protocol WireConvertible {
    var wire: WireValue { get }
    init?(wire: WireValue)
}

extension Double: WireConvertible {
    public var wire: WireValue { .double(self) }
    public init?(wire: WireValue) {
        guard case .double(let x) = wire else { return nil }
        self = x
    }
}

extension Int: WireConvertible {
    public var wire: WireValue { .int(self) }
    public init?(wire: WireValue) {
        guard case .int(let n) = wire else { return nil }
        self = n
    }
}

extension Bool: WireConvertible {
    public var wire: WireValue { .bool(self) }
    public init?(wire: WireValue) {
        guard case .bool(let b) = wire else { return nil }
        self = b
    }
}

extension String: WireConvertible {
    public var wire: WireValue { .string(self) }
    public init?(wire: WireValue) {
        guard case .string(let s) = wire else { return nil }
        self = s
    }
}

extension Array: WireConvertible where Element: WireConvertible {
    public var wire: WireValue { .list(map(\.wire)) }
    public init?(wire: WireValue) {
        guard case .list(let values) = wire else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for value in values {
            guard let element = Element(wire: value) else { return nil }
            elements.append(element)
        }
        self = elements
    }
}

/// The values of one call's arguments or results, read by position and type.
public struct WireValues: Sendable {
    public let values: [WireValue]

    public init(_ values: [WireValue]) { self.values = values }

    /// Value `index` as a `T`, or `WireMismatch` naming what was expected.
    public func get<T: WireConvertible>(_ index: Int, as type: T.Type = T.self) throws(WireMismatch) -> T {
        guard values.indices.contains(index) else {
            throw WireMismatch("expected at least \(index + 1) values, got \(values.count)")
        }
        guard let value = T(wire: values[index]) else {
            throw WireMismatch("value \(index + 1) is not a \(T.self)")
        }
        return value
    }

    /// Refuses a message with another number of values than `count`.
    public func expect(count: Int) throws(WireMismatch) {
        guard values.count == count else { throw WireMismatch("expected \(count) values, got \(values.count)") }
    }
}

/// A message whose values are not the ones its call has.
public struct WireMismatch: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
