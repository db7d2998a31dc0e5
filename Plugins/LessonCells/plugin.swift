import Foundation
import PackagePlugin

/// Turns each lesson's Markdown (`Lessons/<Name>/<Name>.md`) into the Swift that runs its
/// cells, with `lesson-cells`. The Markdown is the only source of a lesson: its code
/// cells are compiled where they stand, and errors point at the Markdown lines.
@main
struct LessonCells: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "lesson-cells").url
        return module.sourceFiles(withSuffix: "md").map { file in
            let name = file.url.deletingPathExtension().lastPathComponent
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name)Lesson.swift")
            return .buildCommand(displayName: "Generating the cells of \(file.url.lastPathComponent)",
                                 executable: tool, arguments: [file.url.path, output.path],
                                 inputFiles: [file.url], outputFiles: [output])
        }
    }
}
