import ArgumentParser
import Lessons

extension LessonCommand {
    /// `lesson completion bash|zsh`: ArgumentParser's completion script. The bash one is taught
    /// the default subcommand: `lesson rt<Tab>` offers the lesson ids beside the subcommands,
    /// and `lesson rtrl --<Tab>` completes as `lesson run rtrl --<Tab>` does; the zsh one the same.
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
            case .zsh: print(Self.zshDefaultSubcommand(LessonCommand.completionScript(for: .zsh), ids: Catalog.ids))
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

        /// The generated zsh script with `_lesson` wrapped, before the script's last lines (which
        /// call or register `_lesson`): as the first word the lesson ids are offered too; after a
        /// lesson id the words are completed as if `run` stood before it.
        static func zshDefaultSubcommand(_ script: String, ids: [String]) -> String {
            let wrapper = """
                # The default subcommand: `lesson <id> …` is `lesson run <id> …`.
                functions -c _lesson __lesson_generated
                _lesson() {
                    local -ar lesson_ids=(\(ids.joined(separator: " ")))
                    if (( CURRENT > 2 && ${lesson_ids[(Ie)${words[2]}]} )); then
                        words=("${words[1]}" run "${words[@]:1}")
                        (( CURRENT++ ))
                        __lesson_generated "$@"
                        return
                    fi
                    __lesson_generated "$@"
                    local -i ret=$?
                    if (( CURRENT == 2 )) && [[ "${PREFIX}" != -* ]]; then
                        compadd -J lessons -X lessons -a lesson_ids && ret=0
                    fi
                    return ret
                }


                """
            let tail = "if [[ \"${funcstack[1]}\" = _lesson ]]; then"
            guard let range = script.range(of: tail, options: .backwards) else { return script + "\n" + wrapper }
            return script.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: wrapper)
        }
    }
}
