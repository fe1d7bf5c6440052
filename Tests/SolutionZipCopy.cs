using System.IO.Compression;
using System.Xml.Linq;

// Compiled into the test projects that break solution zips on purpose (Solution.Tests, Cli.Tests).
namespace Mci.Tests
{
    /// <summary>
    /// A copy of a solution zip to break on purpose: its entries in their order, XML entries edited as documents, entries
    /// removed or added; <see cref="Save"/> writes it to a temp folder deleted on dispose. The original is never touched.
    /// </summary>
    internal sealed class SolutionZipCopy : IDisposable
    {
        private readonly List<(string Name, byte[] Bytes)> _entries = new();

        public SolutionZipCopy(string zip)
        {
            Folder = Path.Combine(Path.GetTempPath(), "mci-zip-copies", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            using var archive = ZipFile.OpenRead(zip);
            foreach (var e in archive.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                _entries.Add((e.FullName, m.ToArray()));
            }
        }

        public string Folder { get; }

        public IEnumerable<string> Entries => _entries.Select(e => e.Name);

        public XDocument Read(string entry) => XDocument.Load(new MemoryStream(_entries.Single(e => e.Name == entry).Bytes));

        /// <summary>Changes an XML entry (customizations.xml, solution.xml, ...) in place.</summary>
        public SolutionZipCopy Edit(string entry, Action<XDocument> change)
        {
            var i = _entries.FindIndex(e => e.Name == entry);
            if (i < 0) throw new ArgumentException($"no entry {entry}");
            var doc = Read(entry);
            change(doc);
            using var m = new MemoryStream();
            doc.Save(m);
            _entries[i] = (entry, m.ToArray());
            return this;
        }

        public SolutionZipCopy Customizations(Action<XElement> change) => Edit("customizations.xml", d => change(d.Root!));

        public SolutionZipCopy Manifest(Action<XElement> change) => Edit("solution.xml", d => change(d.Root!.Element("SolutionManifest")!));

        public SolutionZipCopy Remove(string entry)
        {
            if (_entries.RemoveAll(e => e.Name == entry) == 0) throw new ArgumentException($"no entry {entry}");
            return this;
        }

        public string Save(string name = "copy.zip")
        {
            var path = Path.Combine(Folder, name);
            using var stream = File.Create(path);
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create);
            foreach (var (entryName, bytes) in _entries)
            {
                using var s = archive.CreateEntry(entryName).Open();
                s.Write(bytes, 0, bytes.Length);
            }
            return path;
        }

        /// <summary>The zip's first half only: what a broken download leaves.</summary>
        public string SaveTruncated(string original, string name = "truncated.zip")
        {
            var bytes = File.ReadAllBytes(original);
            var path = Path.Combine(Folder, name);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
