// The provided types (`NotImplemented`, the errors the exercises throw, the function
// types of assignment 1) are the graded tests' too: a test expects the same
// `UnstableFixedPoint(w: 1)` that the student's code threw on the other side.
@_exported import HomeworkInterface
