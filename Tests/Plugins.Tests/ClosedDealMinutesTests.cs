using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// A won or lost deal's allocation minutes are read-only, as its split lines and partner engagements are: none created,
/// confirmed, reopened, changed, moved or deleted until the opportunity is reopened. Otherwise reopening the minutes of a
/// won deal would unlock its lines and leave it won with a Reopened allocation, the very thing the win gate refuses.
/// </summary>
public class ClosedDealMinutesTests
{
    private const int OutSold = 5;
    private const string WonRefusal = "“ERP rollout” is closed as Won, so its allocation minutes are read-only: minutes “{0}” cannot be added, changed, confirmed, reopened, moved or deleted. Reopen the opportunity first if its split must change.";

    private World _w = null!;
    private Guid _deal;

    [SetUp]
    public void SetUp()
    {
        _w = new World();
        _deal = _w.Opportunity(_w.Seller, value: 800_000m);
    }

    private static string Won(string minutes) => WonRefusal.Replace("{0}", minutes, StringComparison.Ordinal);

    /// <summary>A 60/40 split confirmed in minutes, a draft beside them, and the deal won.</summary>
    private (Guid Confirmed, Guid Draft) WonDeal()
    {
        var confirmed = _w.ConfirmedSplit(_deal, out _, out _);
        var draft = _w.Minutes(_w.Seller, _deal, "Follow-up meeting");
        _w.Env.Win(_deal, _w.Seller);
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "statecode"), Is.EqualTo(1), "won");
        return (confirmed, draft);
    }

    private Entity Update(Guid minutes, string column, object? value) => new("mci_allocationminutes", minutes) { [column] = value };

    [Test]
    public void The_minutes_of_a_won_deal_cannot_be_reopened_confirmed_added_or_deleted()
    {
        var (confirmed, draft) = WonDeal();
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, confirmed, MinutesSuperseded, "East takes the whole deal")), Is.EqualTo(Won("Split meeting 2 March")),
                "reopening would unlock the lines and set the won deal's allocation to Reopened");
            Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, draft, MinutesConfirmed)), Is.EqualTo(Won("Follow-up meeting")));
            Assert.That(_w.Refused(() => _w.Minutes(_w.Seller, _deal, "After the win")), Is.EqualTo(Won("After the win")));
            Assert.That(_w.Refused(() => _w.Minutes(_w.Executive, _deal, "Confirmed after the win", MinutesConfirmed)), Is.EqualTo(Won("Confirmed after the win")));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Delete("mci_allocationminutes", draft)), Is.EqualTo(Won("Follow-up meeting")), "not even a draft");
            Assert.That(_w.Refused(() => _w.As(_w.Admin).Delete("mci_allocationminutes", confirmed)), Is.EqualTo(Won("Split meeting 2 March")), "a system administrator neither");
        });
        var deal = _w.Read("opportunity", _deal);
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Confirmed), "the won deal keeps the allocation it was won with");
            Assert.That(_w.Lines(_deal).Select(l => l.GetAttributeValue<bool>("mci_locked")), Is.All.True);
            Assert.That(OptionOf(_w.Read("mci_allocationminutes", confirmed), "mci_status"), Is.EqualTo(MinutesConfirmed));
        });
    }

    [Test]
    public void Every_column_of_a_won_deals_minutes_is_read_only_by_anyone()
    {
        var (confirmed, draft) = WonDeal();
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(Update(draft, "mci_decision", "East leads delivery"))), Is.EqualTo(Won("Follow-up meeting")));
            Assert.That(_w.Refused(() => _w.As(_w.Executive).Update(Update(confirmed, "mci_attendees", "Grace, Emma, 李雷"))), Is.EqualTo(Won("Split meeting 2 March")));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(Update(draft, "mci_meetingdate", new DateTime(2026, 3, 9)))), Does.StartWith("“ERP rollout” is closed as Won"));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(Update(draft, "mci_name", "Renamed"))), Is.EqualTo(Won("Renamed")));
            Assert.That(_w.Refused(() => _w.Env.AdminService.Update(Update(confirmed, "mci_snapshot", "100% to me"))), Does.StartWith("“ERP rollout” is closed as Won"),
                "a stamp sent alone is dropped, and the record is still read-only");
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(new Entity("mci_allocationminutes", draft) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) })),
                Does.StartWith("“ERP rollout” is closed as Won"), "deactivating is a change too");
        });
    }

    [Test]
    public void Minutes_neither_leave_nor_join_a_won_deal()
    {
        var (_, draft) = WonDeal();
        var open = _w.Opportunity(_w.Seller, name: "CRM upgrade", value: 100_000m);
        var elsewhere = _w.Minutes(_w.Seller, open, "Filed under the wrong deal");
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(Update(draft, "mci_opportunityid", Ref("opportunity", open)))), Is.EqualTo(Won("Follow-up meeting")));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Update(Update(elsewhere, "mci_opportunityid", Ref("opportunity", _deal)))), Is.EqualTo(Won("Filed under the wrong deal")));
        });
    }

    [Test]
    public void A_chinese_seller_reads_the_refusal_in_chinese()
    {
        WonDeal();
        Assert.That(_w.Refused(() => _w.Minutes(_w.SellerZh, _deal, "赢单后的会议")),
            Is.EqualTo("“ERP rollout”已结束（赢单），其分配会议纪要为只读：不能添加、修改、确认、重新开启、移动或删除会议纪要“赢单后的会议”。如需修改分配，请先重新打开该商机。"));
    }

    [Test]
    public void The_minutes_of_a_lost_deal_are_read_only_too_in_english_and_chinese()
    {
        var confirmed = _w.ConfirmedSplit(_deal, out _, out _);
        var draft = _w.Minutes(_w.Seller, _deal, "Follow-up meeting");
        _w.Env.Lose(_deal, _w.Seller, OutSold);
        const string lost = "“ERP rollout” is closed as Lost, so its allocation minutes are read-only: minutes “{0}” cannot be added, changed, confirmed, reopened, moved or deleted. Reopen the opportunity first if its split must change.";
        Assert.Multiple(() =>
        {
            Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, confirmed, MinutesSuperseded, "Lost anyway")), Is.EqualTo(lost.Replace("{0}", "Split meeting 2 March")));
            Assert.That(_w.Refused(() => _w.SetStatus(_w.Executive, draft, MinutesConfirmed)), Does.StartWith("“ERP rollout” is closed as Lost"));
            Assert.That(_w.Refused(() => _w.Minutes(_w.Seller, _deal, "Post-mortem")), Is.EqualTo(lost.Replace("{0}", "Post-mortem")));
            Assert.That(_w.Refused(() => _w.As(_w.Seller).Delete("mci_allocationminutes", draft)), Does.StartWith("“ERP rollout” is closed as Lost"));
            Assert.That(_w.Refused(() => _w.As(_w.SellerZh).Update(Update(draft, "mci_decision", "丢单复盘"))),
                Is.EqualTo("“ERP rollout”已结束（丢单），其分配会议纪要为只读：不能添加、修改、确认、重新开启、移动或删除会议纪要“Follow-up meeting”。如需修改分配，请先重新打开该商机。"));
            Assert.That(_w.Refused(() => _w.SetStatus(_w.SellerZh, draft, MinutesConfirmed)), Does.StartWith("“ERP rollout”已结束（丢单）"),
                "the closed deal is named before the role is: reopening the deal comes first");
        });
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
    }

    [Test]
    public void On_an_open_deal_the_same_actions_still_work()
    {
        var confirmed = _w.ConfirmedSplit(_deal, out _, out _);
        var draft = _w.Minutes(_w.Seller, _deal, "Follow-up meeting");
        _w.As(_w.Seller).Update(Update(draft, "mci_decision", "East leads delivery"));
        _w.As(_w.Seller).Delete("mci_allocationminutes", draft);
        _w.SetStatus(_w.Executive, confirmed, MinutesSuperseded, "West brings a second product line");
        Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Reopened));
        var again = _w.Minutes(_w.Seller, _deal, "Split meeting 9 March");
        _w.SetStatus(_w.Executive, again, MinutesConfirmed);
        Assert.Multiple(() =>
        {
            Assert.That(OptionOf(_w.Read("opportunity", _deal), "mci_allocationstatus"), Is.EqualTo(Confirmed));
            Assert.That(_w.Read("mci_allocationminutes", again).GetAttributeValue<int?>("mci_version"), Is.EqualTo(2));
            Assert.That(_w.Env.Peek("mci_allocationminutes", draft), Is.Null);
        });
    }

    [Test]
    public void The_win_itself_the_lose_the_owner_and_the_deals_delete_are_not_refused()
    {
        var (confirmed, draft) = WonDeal(); // the win with confirmed and draft minutes on the deal
        _w.As(_w.Admin).Update(Update(draft, "ownerid", Ref("systemuser", _w.SellerZh)));
        Assert.That(_w.Read("mci_allocationminutes", draft).GetAttributeValue<EntityReference>("ownerid").Id, Is.EqualTo(_w.SellerZh),
            "handing minutes to a colleague changes nothing of the split");

        var lost = _w.Opportunity(_w.Seller, name: "Lost deal");
        _w.Minutes(_w.Seller, lost, "Kick-off");
        Assert.DoesNotThrow(() => _w.Env.Lose(lost, _w.Seller, OutSold), "losing a deal with draft minutes");

        _w.Env.AdminService.Delete("opportunity", _deal);
        Assert.That(new[] { confirmed, draft }.Select(m => _w.Env.Peek("mci_allocationminutes", m)), Is.All.Null, "the cascade of the deal's delete is not refused");
    }

    [Test]
    public void A_change_that_is_no_status_change_reads_the_deals_state_once_and_a_delete_too()
    {
        var draft = _w.Minutes(_w.Seller, _deal, "Follow-up meeting");
        var update = _w.PluginCalls(() => _w.As(_w.Seller).Update(Update(draft, "mci_decision", "East leads delivery")));
        Assert.That(update.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity") }));
        var delete = _w.PluginCalls(() => _w.As(_w.Seller).Delete("mci_allocationminutes", draft));
        Assert.That(delete.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity") }));
        var create = _w.PluginCalls(() => _w.Minutes(_w.Seller, _deal, "Another draft"));
        Assert.That(create.Select(c => (c.Message, c.Table)), Is.EqualTo(new[] { ("RetrieveMultiple", "opportunity") }));
    }

    [Test]
    public void The_read_only_check_runs_on_every_column_a_user_may_change_but_the_owner()
    {
        var step = _w.Env.Metadata.Steps.Single(s => s.PluginTypeName.EndsWith("MinutesPlugin") && s.Message == "Update" && s.Stage == Mci.SolutionModel.PipelineStage.PreOperation);
        string[] notAChange = { "ownerid", "owninguser", "owningteam", "owningbusinessunit", "createdon", "createdby", "modifiedon", "modifiedby", "createdonbehalfby",
            "modifiedonbehalfby", "versionnumber", "overriddencreatedon", "importsequencenumber", "timezoneruleversionnumber", "utcconversiontimezonecode" };
        var table = _w.Env.Metadata.Table("mci_allocationminutes")!;
        var changeable = table.Columns.Values.Where(c => c.ValidForUpdate && c.LogicalName != table.PrimaryIdAttribute && !notAChange.Contains(c.LogicalName))
            .Select(c => c.LogicalName).ToList();
        Assert.That(changeable, Has.Count.GreaterThanOrEqualTo(13));
        Assert.That(step.FilteringAttributes, Is.SupersetOf(changeable));
    }
}
