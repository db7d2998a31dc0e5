import ArgumentParser
import Lessons

extension LessonCommand {
    /// `lesson completion bash|zsh`: ArgumentParser's completion script. The bash one is taught
    /// the default subcommand: `lesson rt<Tab>` offers the lesson ids beside the subcommands,
    /// and `lesson rtrl --<Tab>` completes as `lesson run rtrl --<Tab>` does. The zsh one is
    /// ArgumentParser's as generated: it completes the explicit `lesson run <id> …`.
    struct Completion: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the shell completion script (lesson ids, options and file names).",
            discussion: "bash: lesson completion bash > ~/.lesson-completion.bash, then source it from ~/.bashrc. zsh: lesson completion zsh > _lesson in a folder of $fpath.")

        enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh }

        @Argument(help: "The shell: bash or zsh.")
        var shell: Shell

        func run() {
            switch shell {
            case .bash: print(LessonCommand.completionScript(for: .bash) + Self.bashDefaultSubcommand(ids: Catalog.ids))
            case .zsh: print(LessonCommand.completionScript(for: .zsh))   // completes `lesson run <id> …`
            }
        }

        /// Renames the generated `_lesson` and wraps it: as the first word, the lesson ids are
        /// offered too; after a lesson id, the words are completed as if `run` stood before it.
        static func bashDefaultSubcommand(ids: [String]) -> String {
            """

            # The default subcommand: `lesson <id> …` is `lesson run <id> …`.
            eval "$(declare -f _lesson | sed '1s/^_lesson /__lesson_generated /')"
            _lesson() {
                local -r ids='\(ids.joined(separator: " "))'
                if [[ "${COMP_CWORD}" -eq 1 ]]; then
                    __lesson_generated "$@"
                    [[ "${2}" != -* ]] && COMPREPLY+=($(compgen -W "${ids}" -- "${2}"))
                    return
                fi
                local first="${COMP_WORDS[1]}" id
                for id in ${ids}; do
                    if [[ "${first}" = "${id}" ]]; then
                        local -r at="${COMP_LINE%%[[:space:]]"${first}"*} "
                        COMP_WORDS=("${COMP_WORDS[0]}" run "${COMP_WORDS[@]:1}")
                        COMP_CWORD=$((COMP_CWORD + 1))
                        COMP_LINE="${at}run ${COMP_LINE#"${at}"}"
                        COMP_POINT=$((COMP_POINT + 4))
                        __lesson_generated "$@"
                        return
                    fi
                done
                __lesson_generated "$@"
            }
            complete -o filenames -F _lesson lesson
            """
        }
    }
}
