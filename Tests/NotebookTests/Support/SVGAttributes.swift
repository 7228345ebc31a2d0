import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The attributes of every element of an SVG file, in document order, read with XMLParser: reading fails
/// unless the file is well-formed XML.
final class SVGAttributes: NSObject, XMLParserDelegate {
    private var elements: [[String: String]] = []

    /// The elements of the SVG at `url`; throws the parser's error when it is not well-formed.
    static func read(_ url: URL) throws -> [[String: String]] {
        let reader = SVGAttributes()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader.elements
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(attributes)
    }
}
