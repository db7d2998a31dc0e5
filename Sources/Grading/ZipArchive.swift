import Foundation

/// A minimal ZIP writer: stored (uncompressed) entries with Unix permissions.
///
/// Enough for the autograder bundle, and deterministic: every entry carries the same
/// timestamp (1980-01-01 00:00, the format's epoch), so the same package gives the same
/// bytes. Layout per the PKWARE APPNOTE: a local header and the data for each entry, then
/// the central directory, then the end-of-central-directory record. No ZIP64: the bundle
/// stays far below 4 GiB and 65 535 entries.
struct ZipArchive {
    private var body = Data()
    private var directory = Data()
    private var count = 0

    /// Adds a regular file at `path` (forward slashes) with `permissions` (e.g. 0o755).
    mutating func add(_ data: Data, at path: String, permissions: UInt16) {
        let name = Data(path.utf8)
        let crc = Self.crc32(data)
        let offset = UInt32(body.count)
        let utf8Names: UInt16 = 0x0800
        let dosTime: UInt16 = 0, dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

        body.append(le32(0x0403_4b50))
        body.append(le16(20)); body.append(le16(utf8Names)); body.append(le16(0))
        body.append(le16(dosTime)); body.append(le16(dosDate))
        body.append(le32(crc)); body.append(le32(UInt32(data.count))); body.append(le32(UInt32(data.count)))
        body.append(le16(UInt16(name.count))); body.append(le16(0))
        body.append(name)
        body.append(data)

        let unixFile: UInt32 = 0o100000 | UInt32(permissions)
        directory.append(le32(0x0201_4b50))
        directory.append(le16(3 << 8 | 20)); directory.append(le16(20))
        directory.append(le16(utf8Names)); directory.append(le16(0))
        directory.append(le16(dosTime)); directory.append(le16(dosDate))
        directory.append(le32(crc)); directory.append(le32(UInt32(data.count))); directory.append(le32(UInt32(data.count)))
        directory.append(le16(UInt16(name.count))); directory.append(le16(0)); directory.append(le16(0))
        directory.append(le16(0)); directory.append(le16(0))
        directory.append(le32(unixFile << 16))
        directory.append(le32(offset))
        directory.append(name)
        count += 1
    }

    /// The finished archive.
    var data: Data {
        var result = body
        result.append(directory)
        result.append(le32(0x0605_4b50))
        result.append(le16(0)); result.append(le16(0))
        result.append(le16(UInt16(count))); result.append(le16(UInt16(count)))
        result.append(le32(UInt32(directory.count))); result.append(le32(UInt32(body.count)))
        result.append(le16(0))
        return result
    }

    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP requires.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
