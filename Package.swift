// swift-tools-version:6.0
import PackageDescription

/// On Linux the library's linear algebra goes through OpenBLAS + LAPACKE (the
/// `CLinearAlgebra` system module); on Apple platforms through Accelerate.
let linearAlgebra: Target.Dependency = .target(
    name: "CLinearAlgebra", condition: .when(platforms: [.linux]))

let package = Package(
    name: "RecurrentLearning",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RecurrentLearning", targets: ["RecurrentLearning"]),
        .executable(name: "lesson", targets: ["lesson"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLinearAlgebra",
            path: "Sources/CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [
                .apt(["libopenblas-dev", "liblapacke-dev"]),
                .brew(["openblas"]),
            ]),
        // The rate network's fused step kernels, built for AVX-512, AVX2 + FMA and
        // plain C in one binary (C has per-function target attributes; Swift does not).
        // Optimised in debug builds too: at -O0 their vector code runs 35× slower than
        // the BLAS calls it replaced, and the results are the same bits at any -O.
        .target(
            name: "CRateKernels",
            cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Optimised in debug builds too, so that `swift test` and the lessons' debug runs
        // are not 5–30× slower than release in the numerics (see the README).
        .target(
            name: "RecurrentLearning",
            dependencies: [linearAlgebra, "CRateKernels"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // A lesson is one Markdown file: its narrative and the only copy of its code. The
        // LessonCells plugin compiles the code cells where they stand (see LessonFormat).
        .target(name: "LessonFormat"),
        .executableTarget(name: "lesson-cells", dependencies: ["LessonFormat"]),
        .plugin(name: "LessonCells", capability: .buildTool(), dependencies: ["lesson-cells"]),
        .target(
            name: "Lessons",
            dependencies: ["RecurrentLearning"],
            path: "Lessons",
            plugins: ["LessonCells"]),
        // What a run of a lesson looks like: terminal text and Jupyter notebooks, from its events.
        .target(name: "LessonRendering", dependencies: ["Lessons", "RecurrentLearning"]),
        // Homework is graded across a call boundary: the exercise files are compiled alone
        // (with the provided HomeworkInterface) into homework-runner, which the graded
        // tests reach through HomeworkClient in a sandbox; no test ever links them.
        // Optimised in debug builds too: every value a graded test exchanges with the
        // student's executable goes through its encoder.
        .target(
            name: "HomeworkInterface",
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(
            name: "Homework",
            dependencies: ["HomeworkInterface"],
            path: "Homework"),
        .executableTarget(name: "homework-runner", dependencies: ["Homework", "HomeworkInterface"]),
        .target(name: "Sandboxing"),
        .target(name: "HomeworkClient", dependencies: ["HomeworkInterface", "Sandboxing"]),
        .target(name: "Grading", dependencies: ["Sandboxing"]),
        .executableTarget(
            name: "lesson",
            dependencies: [
                "RecurrentLearning", "Lessons", "LessonRendering", "Grading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "bench",
            dependencies: [
                "RecurrentLearning", "CRateKernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "RecurrentLearningTests",
            dependencies: ["RecurrentLearning", "CRateKernels"]),
        .testTarget(
            name: "LessonsTests",
            dependencies: ["Lessons", "LessonFormat", "LessonRendering", "RecurrentLearning"]),
        .testTarget(
            name: "HomeworkTests",
            dependencies: ["HomeworkClient", "RecurrentLearning"],
            exclude: ["manifest.json"]),
        .testTarget(
            name: "GradingTests",
            dependencies: ["Grading", "Sandboxing", "HomeworkInterface", "HomeworkClient"]),
        .testTarget(
            name: "lessonTests",
            dependencies: ["lesson", "bench", "Grading"]),
    ]
)
