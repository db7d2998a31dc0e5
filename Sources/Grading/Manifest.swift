// Placeholder; the grading engine lands here.
