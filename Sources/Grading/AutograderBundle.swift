import Foundation

/// `lesson homework autograder`: a Gradescope autograder bundle running the same grader.
///
/// The zip holds `setup.sh` and `run_autograder` at its root and the grader's copy of the
/// package in `package/` (solutions stubbed, hidden tests kept). Gradescope unpacks it into
/// `/autograder/source`, runs `setup.sh` once (system packages, the Swift toolchain if
/// missing, a release build of `lesson`, and a first build of the grading workspace), then
/// `run_autograder` per submission, which grades `/autograder/submission` and writes
/// `/autograder/results/results.json`. The package's `Package.resolved` goes along, and the
/// build may not move off its pins. `AUTOGRADER_ROOT` overrides
/// `/autograder`, so the bundle can be tried on any machine.
public enum AutograderBundle {
    public static let swiftVersion = "6.3.1"

    /// The bundle as zip data: scripts, then the package files.
    public static func zip(_ package: HomeworkPackage, timeout: Double) throws(GradingError) -> Data {
        guard !package.manifest.isStudentCopy else {
            throw .badInput("this is a student copy, without hidden tests; build the autograder from the instructor's package")
        }
        let files = try PackageCopy.files(of: package, kind: .grader)
        var archive = ZipArchive()
        let only = package.assignment.map { " --assignment \($0)" } ?? ""
        archive.add(Data(setupScript(only: only).utf8), at: "setup.sh", permissions: 0o755)
        archive.add(Data(runScript(timeout: timeout, only: only).utf8), at: "run_autograder", permissions: 0o755)
        for file in files {
            archive.add(file.data, at: "package/\(file.path)", permissions: 0o644)
        }
        return archive.data
    }

    /// `only`: " --assignment N" for a one-assignment bundle, else empty.
    static func setupScript(only: String) -> String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this once, as root, while it builds the autograder image.
        set -euo pipefail
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        PACKAGE="$ROOT/source/package"
        SWIFT_VERSION=\(swiftVersion)

        # The C libraries the course library links, bubblewrap (the sandbox of student code),
        # and what the Swift toolchain needs.
        . /etc/os-release
        case "${VERSION_ID:-}" in 22.04) GCC=11 ;; 24.04) GCC=13 ;; *) GCC=12 ;; esac
        PACKAGES="libopenblas-dev liblapacke-dev pkg-config bubblewrap binutils git libc6-dev libcurl4-openssl-dev \\
          libedit2 libgcc-$GCC-dev libstdc++-$GCC-dev libpython3-dev libsqlite3-0 libxml2-dev libz3-dev \\
          tzdata zlib1g-dev curl ca-certificates"
        if ! dpkg -s $PACKAGES >/dev/null 2>&1; then
          apt-get update
          apt-get install -y --no-install-recommends $PACKAGES
        fi

        # The Swift toolchain, unless the image has one.
        if ! command -v swift >/dev/null 2>&1; then
          platform="${ID}${VERSION_ID}"
          folder="${ID}${VERSION_ID//./}"
          name="swift-$SWIFT_VERSION-RELEASE-$platform"
          curl -fsSL "https://download.swift.org/swift-$SWIFT_VERSION-release/$folder/swift-$SWIFT_VERSION-RELEASE/$name.tar.gz" \\
            | tar -xz -C /opt
          ln -sf "/opt/$name/usr/bin/"* /usr/local/bin/
        fi

        # Build the grader with the dependency versions pinned in Package.resolved, then the
        # grading workspace with every exercise stubbed, so each submission only recompiles
        # the homework.
        cd "$PACKAGE"
        swift build -c release --product lesson --force-resolved-versions
        .build/release/lesson grade --prepare --package "$PACKAGE"\(only)

        """
    }

    static func runScript(timeout: Double, only: String) -> String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission: the student's files are in
        # $ROOT/submission (their package copy, its Homework folder, or the exercise files),
        # and the grade goes to $ROOT/results/results.json, rewritten after the build and the tests.
        set -uo pipefail
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        PACKAGE="$ROOT/source/package"
        OUT="$(mktemp -d)"
        mkdir -p "$ROOT/results"
        # The grader writes OUT/<submission name>/results.json; the submission folder is
        # named "submission", so that file is Gradescope's.
        ln -s "$ROOT/results" "$OUT/submission"
        exec "$PACKAGE/.build/release/lesson" grade "$ROOT/submission" --out "$OUT" \\
          --package "$PACKAGE" --timeout \(TestTimeout.numeral(timeout))\(only)

        """
    }
}
