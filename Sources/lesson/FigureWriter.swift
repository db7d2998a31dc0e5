import Foundation
import RecurrentLearning

/// Renders a lesson's figures into the plots folder as `<lesson>-<name>.png`,
/// with the data beside each as CSV. A missing or failing gnuplot does not
/// stop the lesson: the numbers are still printed, and the problem is kept
/// for the summary and the exit status.
final class FigureWriter {
    enum Result {
        case written(png: String, data: String)
        case skipped(name: String, reason: String)
    }

    let folder: URL
    let prefix: String
    /// Figures not drawn, and why (the first reason is the one to fix).
    private(set) var problems: [String] = []
    private(set) var reasons: [String] = []
    private(set) var gnuplot: Gnuplot?
    private var missing: PlotError?

    init(folder: URL, prefix: String) {
        self.folder = folder
        self.prefix = prefix
        do { gnuplot = try Gnuplot() } catch { missing = error }
    }

    func write(_ figure: Figure, name: String) -> Result {
        let file = "\(prefix)-\(name).png"
        guard let gnuplot else { return skip(file, "\(missing!)") }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return skip(file, "cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        do {
            let rendered = try gnuplot.render(figure, to: folder.appendingPathComponent(file))
            return .written(png: relative(rendered.png), data: relative(rendered.data))
        } catch {
            return skip(file, "\(error)")
        }
    }

    private func skip(_ file: String, _ reason: String) -> Result {
        problems.append(file)
        if !reasons.contains(reason) { reasons.append(reason) }
        return .skipped(name: file, reason: reason)
    }

    /// The path as the student typed the folder (`plots/rtrl-loss.png`).
    private func relative(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}
