// Provided code: nothing to write in this file.
//
// The homework's provided types live in the module `HomeworkInterface`
// (Sources/HomeworkInterface), shared with the graded tests: `NotImplemented`, the
// function types of assignment 1 (Signatures.swift), and the errors of assignments 3
// and 4 (FixedPointErrors.swift, EqPropErrors.swift). This line makes them visible in
// every exercise file.
@_exported import HomeworkInterface
