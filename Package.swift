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
        .target(
            name: "RecurrentLearning",
            dependencies: [linearAlgebra, "CRateKernels"]),
        .target(
            name: "Lessons",
            dependencies: ["RecurrentLearning"],
            path: "Lessons",
            exclude: [],
            resources: [.process("RTRL/RTRL.md"), .process("BPTT/BPTT.md"), .process("Spiking/Spiking.md"),
                        .process("SNNRate/SNNRate.md"), .process("BackwardTuning/BackwardTuning.md")]),
        .target(
            name: "Homework",
            path: "Homework"),
        .target(name: "Grading"),
        .executableTarget(
            name: "lesson",
            dependencies: [
                "RecurrentLearning", "Lessons", "Grading",
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
            dependencies: ["Lessons", "RecurrentLearning"]),
        .testTarget(
            name: "HomeworkTests",
            dependencies: ["Homework", "RecurrentLearning"],
            exclude: ["manifest.json"]),
        .testTarget(
            name: "GradingTests",
            dependencies: ["Grading"]),
        .testTarget(
            name: "lessonTests",
            dependencies: ["lesson", "bench", "Grading"]),
    ]
)
