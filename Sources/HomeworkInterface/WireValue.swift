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
    public var line: String {
        var tokens: [String] = []
        append(to: &tokens)
        return tokens.joined(separator: " ")
    }

    private func append(to tokens: inout [String]) {
        switch self {
        case .double(let x): tokens.append("d" + hex(x.bitPattern, digits: 16))
        case .int(let n): tokens.append("i\(n)")
        case .bool(let b): tokens.append(b ? "t" : "f")
        case .string(let s): tokens.append("s" + s.utf8.map { hex(UInt64($0), digits: 2) }.joined())
        case .list(let values):
            tokens.append("[")
            for value in values { value.append(to: &tokens) }
            tokens.append("]")
        }
    }

    /// Parses one line; nil unless the whole line is exactly one value.
    public init?(line: String) {
        var tokens = line.split(separator: " ", omittingEmptySubsequences: false)[...]
        guard let value = Self.parse(&tokens, depth: 0), tokens.isEmpty else { return nil }
        self = value
    }

    private static func parse(_ tokens: inout ArraySlice<Substring>, depth: Int) -> WireValue? {
        guard let token = tokens.popFirst(), let tag = token.first else { return nil }
        let body = token.dropFirst()
        switch tag {
        case "d":
            guard body.count == 16, let bits = UInt64(body, radix: 16) else { return nil }
            return .double(Double(bitPattern: bits))
        case "i":
            return Int(body).map(WireValue.int)
        case "t", "f":
            return body.isEmpty ? .bool(tag == "t") : nil
        case "s":
            guard body.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(body.count / 2)
            var index = body.startIndex
            while index < body.endIndex {
                let next = body.index(index, offsetBy: 2)
                guard let byte = UInt8(body[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return String(validating: bytes, as: UTF8.self).map(WireValue.string)
        case "[":
            guard body.isEmpty, depth < maximumDepth else { return nil }
            var values: [WireValue] = []
            while true {
                guard let next = tokens.first else { return nil }
                if next == "]" {
                    tokens.removeFirst()
                    return .list(values)
                }
                guard let value = parse(&tokens, depth: depth + 1) else { return nil }
                values.append(value)
            }
        default:
            return nil
        }
    }
}

private func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
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
