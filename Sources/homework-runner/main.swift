#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HomeworkInterface

// The student's executable: the exercise files, compiled alone with the provided code,
// answering calls from the graded tests over stdin and stdout (see `WireMessage`).
//
// It decides nothing: every comparison is made by the test that sent the call, in its
// own process. The grader runs it inside the sandbox; whatever it prints, returns or
// forges is at most a wrong answer to the call it was given.
//
// Before any student code runs, the protocol's two pipes are moved off fds 0 and 1:
// stdin becomes /dev/null and stdout goes to stderr, so a `print` in an exercise cannot
// corrupt the conversation. Output beyond the sandbox's file-size limit is dropped
// (SIGXFSZ ignored: the write fails, the call goes on) and the test says it was cut.
signal(SIGXFSZ, SIG_IGN)
let channel = LineChannel(input: dup(0), output: dup(1))
let devNull = open("/dev/null", O_RDONLY)
dup2(devNull, 0)
close(devNull)
dup2(2, 1)

while true {
    let message: WireMessage
    do {
        message = try channel.receive()
    } catch .closed {
        exit(0)
    } catch {
        channel.send(.threw(.other("the homework executable could not read the call: \(error)")))
        continue
    }
    guard case let .call(exercise, arguments) = message else {
        channel.send(.threw(.other("the homework executable expected a call, got \(message)")))
        continue
    }
    guard let call = Calls.table[exercise] else {
        channel.send(.threw(.other("the homework has no exercise \(exercise)")))
        continue
    }
    do {
        let results = try call(WireValues(arguments), Callbacks(channel: channel))
        fflush(nil)
        channel.send(.returned(results))
    } catch {
        fflush(nil)
        channel.send(.threw(ThrownError(error)))
    }
}
