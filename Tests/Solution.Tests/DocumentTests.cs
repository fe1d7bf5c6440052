using System.Text.RegularExpressions;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// The documents stand alone in a clone: every relative link lands on a file of the repository, and none points
    /// outside it (the material beside the checkout, or a machine's own paths). And the developer guide's table of
    /// what is in Solution/src names every folder and every Other/ file there is, and nothing that is not.
    /// The seller guide quotes the form's notices and MCI's refusals as the code words them, in both languages.
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
        public void The_README_leads_to_every_document()
        {
            var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
            var linked = Regex.Matches(readme, @"\]\(docs/(?<doc>[^)#\s]+\.md)").Select(m => m.Groups["doc"].Value).ToHashSet(StringComparer.Ordinal);
            var documents = Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md").Select(Path.GetFileName).ToList();
            Assert.Multiple(() =>
            {
                foreach (var doc in documents) Assert.That(linked, Does.Contain(doc), $"README.md does not lead to docs/{doc}");
                Assert.That(File.ReadAllLines(Path.Combine(Repo.Root, "README.md")), Has.Length.LessThanOrEqualTo(150), "README.md stays a short page by audience");
            });
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

        /// <summary>
        /// The seller guide quotes the form's notices (the built form script) and MCI's refusals (Rules/Messages.cs): each
        /// quote in the first column of its tables is worded as the code words it, the English ones in English and the
        /// Chinese ones in Chinese. A quote may leave out its start or end ("…") and stands "…" or an example (a name, a
        /// number, a label) where the code fills in a value.
        /// </summary>
        [Test]
        public void The_seller_guide_quotes_the_notices_and_refusals_as_the_code_words_them()
        {
            var guide = File.ReadAllText(Path.Combine(Repo.Root, "docs", "seller-guide.md"));
            var chineseAt = guide.IndexOf("\n## 简体中文", StringComparison.Ordinal);
            Assert.That(chineseAt, Is.GreaterThan(0), "docs/seller-guide.md has its Chinese half under '## 简体中文'");
            var texts = CodeTexts().ToList();
            Assert.That(texts.Count(t => !IsChinese(t)), Is.GreaterThan(50), "the texts of Rules/Messages.cs and the form script were read");

            var quotes = Regex.Matches(guide, @"^\| \*(?<quote>[^*|]+)\*", RegexOptions.Multiline)
                .Select(m => (Quote: m.Groups["quote"].Value, Chinese: m.Index > chineseAt)).ToList();
            var english = quotes.Count(q => !q.Chinese);
            Assert.Multiple(() =>
            {
                Assert.That(english, Is.GreaterThan(20), "the guide quotes the notices and the refusals");
                Assert.That(quotes.Count - english, Is.EqualTo(english), "every English quote has its Chinese counterpart");
                foreach (var (quote, chinese) in quotes)
                    Assert.That(texts.Where(t => IsChinese(t) == chinese).Any(t => Quotes(quote, t)), Is.True,
                        $"docs/seller-guide.md quotes '{quote}', which no {(chinese ? "Chinese" : "English")} text of Rules/Messages.cs or the form script says");
            });
        }

        [TestCase("Revenue split 70.00% of 100%: add 30.00% in", "Revenue split ${total}% of 100%: add ${missing}% in Revenue lines.", ExpectedResult = true)]
        [TestCase("… branch “X” has no technical team", "Presales is Branch Technical Team, but branch “${branch}” has no technical team: ask.", ExpectedResult = true)]
        [TestCase("“…” cannot be won yet: its Revenue split names 2 teams", "“{0}” cannot be won yet: its Revenue split names {1} teams ({2}).", ExpectedResult = true)]
        [TestCase("Revenue split … of 100%", "Revenue split ${total}% of 100%: add", ExpectedResult = false)]
        [TestCase("Revenue splits for “…” total 110.00%", "Revenue splits for “{0}” would total {1}%", ExpectedResult = false)]
        [TestCase("cannot be won yet", "“{0}” cannot be won yet: its Revenue split names {1} teams", ExpectedResult = false)]
        public bool A_quote_matches_a_text_only_as_worded(string quote, string text) => Quotes(quote, text);

        /// <summary>The string literals of Rules/Messages.cs and of the form's texts in the built form script.</summary>
        private static IEnumerable<string> CodeTexts()
        {
            var messages = File.ReadAllText(Path.Combine(Repo.Root, "Rules", "Messages.cs"));
            foreach (Match m in Regex.Matches(messages, @"""(?<text>(?:[^""\\]|\\.)*)"""))
                yield return m.Groups["text"].Value;
            var script = File.ReadAllText(Path.Combine(Repo.Src, "WebResources", "mci_", "scripts", "opportunity.js"));
            foreach (Match m in Regex.Matches(script, @"=>\s*(?:`(?<text>[^`]*)`|""(?<text>(?:[^""\\]|\\.)*)"")"))
                yield return m.Groups["text"].Value;
        }

        private static bool IsChinese(string text) => Regex.IsMatch(text, @"\p{IsCJKUnifiedIdeographs}");

        /// <summary>
        /// Whether <paramref name="quote"/> is worded as <paramref name="text"/>: the text's own words in order, a value the
        /// code fills in ({0}, ${name}) standing for "…" or an example; a leading "…" lets the quote start inside the text, and the
        /// quote may stop anywhere (a trailing "…" says so).
        /// </summary>
        private static bool Quotes(string quote, string text)
        {
            var q = quote.Trim();
            var fromStart = !q.StartsWith('…');
            q = q.Trim('…').Trim();
            if (q.Length < 5) return false;
            var parts = Regex.Split(text, @"(\{\d+\}|\$\{\w+\})");
            var starts = new List<(int Part, int Offset)>();
            if (fromStart) starts.Add((0, 0));
            else
            {
                var lead = q[..Math.Min(4, q.Length)];
                for (var i = 0; i < parts.Length; i += 2)
                    for (var at = parts[i].IndexOf(lead, StringComparison.Ordinal); at >= 0; at = parts[i].IndexOf(lead, at + 1, StringComparison.Ordinal))
                        starts.Add((i, at));
            }
            return starts.Any(s => Regex.IsMatch(q, "^" + Pattern(parts, s.Part, s.Offset), RegexOptions.Singleline));
        }

        /// <summary>What a quote writes for a value the code fills in: "…", or an example within one clause.</summary>
        private const string Placeholder = "(?:…|[^…:;：；。]+?)";

        /// <summary>A pattern for any beginning of the text from part <paramref name="part"/> at <paramref name="offset"/>, to the end of the quote.</summary>
        private static string Pattern(string[] parts, int part, int offset)
        {
            if (part >= parts.Length) return "$";
            if (part % 2 == 1) return Placeholder + "(?:" + Pattern(parts, part + 1, 0) + "|$)";
            var literal = parts[part];
            var tail = Pattern(parts, part + 1, 0);
            for (var i = literal.Length - 1; i >= offset; i--) tail = Regex.Escape(literal[i].ToString()) + "(?:" + tail + "|$)";
            return tail;
        }
    }
}
