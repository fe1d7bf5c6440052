using Mci.Plugins.Common;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>The plug-ins' one way to query (Plugins/Common/Paging.cs, linked here): every page, In lists in chunks.</summary>
public class PagingTests
{
    private World _w = null!;

    [SetUp]
    public void SetUp() => _w = new World();

    private IOrganizationService System => _w.Env.SystemService;

    private List<Guid> Branches(int count) =>
        _w.Env.Seed(Enumerable.Range(0, count).Select(i => new Entity("mci_branch") { ["mci_name"] = "Branch " + i.ToString("D5") })).ToList();

    [Test]
    public void Every_page_of_a_query_larger_than_one_page_is_read()
    {
        var seeded = Branches(6000);
        var mark = _w.Env.Recorder.Mark();
        var rows = Paging.RetrieveAll(System, new QueryExpression("mci_branch") { ColumnSet = new ColumnSet("mci_name") });
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Id), Is.SupersetOf(seeded).And.Unique);
            Assert.That(rows, Has.Count.EqualTo(6001), "the world's own branch too");
            Assert.That(mark.Calls.Count(c => c.Message == "RetrieveMultiple"), Is.EqualTo(2), "5,000 rows a page");
        });
    }

    [Test]
    public void In_values_go_in_chunks_of_500_and_each_chunk_is_read_in_full()
    {
        var ids = Branches(1200);
        var chunks = new List<int>();
        var mark = _w.Env.Recorder.Mark();
        var rows = Paging.RetrieveAllIn(System, ids.Concat(ids.Take(10)), chunk =>
        {
            chunks.Add(chunk.Length);
            var query = new QueryExpression("mci_branch") { ColumnSet = new ColumnSet("mci_name") };
            query.Criteria.AddCondition("mci_branchid", ConditionOperator.In, chunk);
            return query;
        });
        Assert.Multiple(() =>
        {
            Assert.That(chunks, Is.EqualTo(new[] { 500, 500, 200 }), "distinct values, at most 500 a query");
            Assert.That(rows.Select(r => r.Id), Is.EquivalentTo(ids));
            Assert.That(mark.Calls.Count(c => c.Message == "RetrieveMultiple"), Is.EqualTo(3));
        });
    }

    [Test]
    public void A_join_whose_root_repeats_is_paged_by_page_number_and_loses_no_row()
    {
        var deal = _w.Opportunity(_w.Seller);
        var lines = _w.Env.Seed(Enumerable.Range(0, 5200).Select(i => new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "line " + i, ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_teamid"] = Ref("team", _w.TeamEast),
            ["mci_splittype"] = new OptionSetValue(Overlay), ["mci_percent"] = 1m,
        })).ToList();
        QueryExpression Query()
        {
            var query = new QueryExpression("opportunity") { ColumnSet = new ColumnSet("name") };
            query.Criteria.AddCondition("opportunityid", ConditionOperator.Equal, deal);
            var link = query.AddLink("mci_opportunitysplit", "opportunityid", "mci_opportunityid", JoinOperator.LeftOuter);
            link.EntityAlias = "line";
            link.Columns = new ColumnSet("mci_opportunitysplitid");
            return query;
        }
        var rows = Paging.RetrieveAll(System, Query(), rootRowsRepeat: true);
        var seen = rows.Select(r => (Guid)r.GetAttributeValue<AliasedValue>("line.mci_opportunitysplitid").Value).ToList();
        Assert.That(seen, Is.EquivalentTo(lines), "5,200 rows of one opportunity over two pages, each line once");
    }

    [Test]
    public void A_query_with_a_top_count_is_not_a_paged_query()
        => Assert.Throws<InvalidOperationException>(() => Paging.RetrieveAll(System, new QueryExpression("mci_branch") { TopCount = 1 }));

    [Test]
    public void Chunks_split_any_sequence_without_losing_or_repeating()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Paging.Chunks(Enumerable.Range(0, 1001), 500).Select(c => c.Count), Is.EqualTo(new[] { 500, 500, 1 }));
            Assert.That(Paging.Chunks(Enumerable.Empty<int>(), 500), Is.Empty);
            Assert.That(Paging.Chunks(Enumerable.Range(0, 500), 500).Single(), Has.Count.EqualTo(500));
        });
    }
}
