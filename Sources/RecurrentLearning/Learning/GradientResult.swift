/// What a gradient method returns: the loss, dL/dw (ordered like the system's
/// `parameters`) and, as the caller asked (`Recording`), the trajectory and the
/// method's own intermediate quantities. What was not recorded is empty.
public struct GradientResult: Sendable {
    public var loss: Double
    public var gradient: [Double]
    /// r₀ … r_T.
    public var states: [[Double]]
    /// BPTT's a₀ … a_T, a_t = dL/dr_t (a₀ is the gradient with respect to r₀).
    public var adjoints: [[Double]]
    /// RTRL's p₀ … p_T = dr_t/dw, n × m each.
    public var sensitivities: [Matrix]

    public init(loss: Double, gradient: [Double], states: [[Double]] = [], adjoints: [[Double]] = [],
                sensitivities: [Matrix] = []) {
        self.loss = loss
        self.gradient = gradient
        self.states = states
        self.adjoints = adjoints
        self.sensitivities = sensitivities
    }

    /// What a gradient keeps besides the loss and dL/dw. Each costs a copy
    /// (the sensitivities n × m a step); none changes the gradient.
    public struct Recording: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// r₀ … r_T.
        public static let states = Recording(rawValue: 1)
        /// a₀ … a_T (BPTT).
        public static let adjoints = Recording(rawValue: 2)
        /// p₀ … p_T (RTRL).
        public static let sensitivities = Recording(rawValue: 4)
    }
}
