import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every element of an SVG document with its attributes, read with XMLParser (so the SVG must be well-formed).
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    /// Parses `svg`, failing the test when it is not well-formed XML.
    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGElements {
        let collector = SVGElements()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        let ok = parser.parse()
        XCTAssertTrue(ok, "SVG is not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        return collector
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    /// Elements whose `class` attribute is `cls`.
    func withClass(_ cls: String) -> [Element] { elements.filter { $0.attributes["class"] == cls } }

    /// A numeric attribute of `element` (NaN when absent or not a number).
    static func number(_ element: Element, _ key: String) -> Double { Double(element.attributes[key] ?? "") ?? .nan }
}
