/// The per-test timeout a grader accepts: from a tenth of a second (a test process needs
/// that to start) to a day. Outside it, one line says so.
public enum TestTimeout {
    public static let range: ClosedRange<Double> = 0.1...86_400

    /// nil if `seconds` is in range, else the message for the user.
    public static func problem(_ seconds: Double) -> String? {
        range.contains(seconds) ? nil : "--timeout must be between 0.1 and 86400 seconds (a day), got \(seconds)"
    }

    /// Seconds as a plain numeral for a shell script: "10", "0.5", "1000" (never "1,000").
    public static func numeral(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}
