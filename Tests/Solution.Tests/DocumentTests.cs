using System.Text.RegularExpressions;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// The documents stand alone in a clone: every relative link lands on a file of the repository, and none points
    /// outside it (the material beside the checkout, or a machine's own paths). And the developer guide's table of
    /// what is in Solution/src names every folder and every Other/ file there is, and nothing that is not.
    /// </summary>
    [TestFixture]
    public class DocumentTests
    {
        private static IEnumerable<string> Documents() =>
            new[] { Path.Combine(Repo.Root, "README.md"), Path.Combine(Repo.Root, "WebResources", "README.md") }
                .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md"));

        private static string Relative(string path) => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');

        [Test]
        public void No_document_refers_to_a_path_outside_the_repository()
        {
            var root = Path.GetFullPath(Repo.Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var problems = new List<string>();
            foreach (var doc in Documents())
            {
                var text = File.ReadAllText(doc);
                foreach (Match m in Regex.Matches(text, @"\.\./shared\b|(?<![\w.])/work/|/home/|[A-Za-z]:\\"))
                    problems.Add($"{Relative(doc)}: '{m.Value}' names a place outside the repository");
                var prose = Regex.Replace(text, "```.*?```", "", RegexOptions.Singleline);
                foreach (Match m in Regex.Matches(prose, @"\]\((?<link>[^)\s#]+)(#[^)\s]*)?\)"))
                {
                    var link = m.Groups["link"].Value;
                    if (Regex.IsMatch(link, "^[a-z]+:", RegexOptions.IgnoreCase)) continue; // https:, mailto:
                    var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(doc)!, link));
                    if (!target.StartsWith(root, StringComparison.Ordinal)) problems.Add($"{Relative(doc)}: link '{link}' leaves the repository");
                    else if (!File.Exists(target) && !Directory.Exists(target)) problems.Add($"{Relative(doc)}: link '{link}' names nothing");
                }
            }
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        }

        [Test]
        public void The_developer_guide_lists_what_is_in_Solution_src()
        {
            var doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "developer-guide.md"));
            var start = doc.IndexOf("| path | what |", StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThan(0), "docs/developer-guide.md has the table of Solution/src");
            var end = doc.IndexOf("\n\n", start, StringComparison.Ordinal);
            // The first column of each row: paths from Solution/src, the first of them always from its top.
            var cells = Regex.Matches(doc[start..end], @"^\| (?<cell>[^|]+)\|", RegexOptions.Multiline).Skip(1)
                .Select(m => Regex.Matches(m.Groups["cell"].Value, "`([^`]+)`").Select(c => c.Groups[1].Value).ToList())
                .Where(c => c.Count > 0).ToList();
            var paths = cells.SelectMany(c => c).ToList();
            var tops = paths.Select(p => p.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
            var firsts = cells.Select(c => c[0].Split('/')[0]).ToHashSet(StringComparer.Ordinal);
            var folders = Directory.GetDirectories(Repo.Src).Select(Path.GetFileName).ToList();
            var otherFiles = Directory.GetFiles(Path.Combine(Repo.Src, "Other")).Select(f => "Other/" + Path.GetFileName(f)).ToList();
            Assert.Multiple(() =>
            {
                foreach (var folder in folders) Assert.That(tops, Does.Contain(folder), $"Solution/src/{folder} is not in the table");
                foreach (var top in firsts) Assert.That(folders, Does.Contain(top), $"the table names Solution/src/{top}, which does not exist");
                foreach (var file in otherFiles) Assert.That(paths, Does.Contain(file), $"Solution/src/{file} is not in the table");
            });
        }
    }
}
