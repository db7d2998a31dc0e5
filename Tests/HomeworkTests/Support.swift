import Testing
@testable import Homework
