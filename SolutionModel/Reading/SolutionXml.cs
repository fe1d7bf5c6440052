using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Mci.SolutionModel
{
    /// <summary>Loading and writing the XML files of a solution the way Dataverse exports have them (UTF-8, two-space indent, CRLF).</summary>
    public static class SolutionXml
    {
        public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

        public static XDocument Load(string path)
        {
            try
            {
                return XDocument.Load(path, LoadOptions.None);
            }
            catch (XmlException ex)
            {
                throw new InvalidSolutionException($"{path}: not well-formed XML: {ex.Message}", ex);
            }
        }

        /// <summary>The root element of a split file, detached and without its own namespace declarations,
        /// ready to be folded into customizations.xml (whose root declares xsi once).</summary>
        public static XElement Fragment(string path, string expectedRoot)
        {
            var root = Load(path).Root!;
            if (root.Name.LocalName != expectedRoot)
            {
                throw new InvalidSolutionException($"{path}: expected root element <{expectedRoot}>, found <{root.Name.LocalName}>.");
            }
            var copy = new XElement(root);
            foreach (var e in copy.DescendantsAndSelf())
            {
                e.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            }
            return copy;
        }

        /// <summary>A file of a zip as Dataverse exports write solution.xml, customizations.xml and component files
        /// (environmentvariabledefinition.xml, ...): no XML declaration, no byte order mark, two-space indent, CRLF.</summary>
        public static byte[] ToBytes(XDocument doc)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                OmitXmlDeclaration = true,
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\r\n",
                NewLineHandling = NewLineHandling.Replace,
            };
            using var stream = new MemoryStream();
            using (var writer = XmlWriter.Create(stream, settings))
            {
                doc.Root!.Save(writer);
            }
            return stream.ToArray();
        }

        /// <summary>One line with a byte order mark and an XML declaration ([Content_Types].xml as exports write it).</summary>
        public static byte[] ToSingleLineBytes(XDocument doc)
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Indent = false };
            using var stream = new MemoryStream();
            using (var writer = XmlWriter.Create(stream, settings)) doc.Save(writer);
            return stream.ToArray();
        }

        public static string Attr(XElement e, string name) => (string?)e.Attribute(name) ?? string.Empty;

        public static string Child(XElement e, string name) => e.Element(name)?.Value.Trim() ?? string.Empty;

        public static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
