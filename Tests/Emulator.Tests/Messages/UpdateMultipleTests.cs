using Mci.Emulator.Tests.Plugins;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Mci.Emulator.Tests.Messages;

/// <summary>UpdateMultipleHandler: every Target exists and appears once; all are saved or none.</summary>
public class UpdateMultipleTests
{
    private Dataverse _env = null!;
    private IOrganizationService _admin = null!;
    private Guid[] _ids = null!;

    [SetUp]
    public void SetUp()
    {
        _env = TestEnvironment.Create();
        _admin = _env.AdminService;
        _ids = new[] { "a", "b", "c" }.Select(n => _admin.Create(new Entity("test_child") { ["test_name"] = n, ["test_value"] = 1 })).ToArray();
        Probe.Records.Clear();
    }

    private static UpdateMultipleRequest Request(params Entity[] targets) => new() { Targets = new EntityCollection(targets.ToList()) { EntityName = "test_child" } };

    [Test]
    public void The_same_record_twice_is_refused()
    {
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Request(new Entity("test_child", _ids[0]) { ["test_value"] = 2 }, new Entity("test_child", _ids[0]) { ["test_value"] = 3 })));
        Assert.That(fault.Message, Is.EqualTo("UpdateMultiple: Targets contains the same record more than once."));
    }

    [Test]
    public void A_missing_record_refuses_the_whole_batch_naming_it()
    {
        var missing = Guid.NewGuid();
        var fault = Refusal.Leaving(_env, () => _admin.Execute(Request(new Entity("test_child", _ids[0]) { ["test_value"] = 2 }, new Entity("test_child", missing) { ["test_value"] = 3 })));
        Assert.That(fault.Message, Is.EqualTo($"Entity 'test_child' With Id = {missing:D} Does Not Exist"));
    }

    [Test]
    public void Every_Target_is_saved_and_the_UpdateMultiple_step_sees_them_with_their_images()
    {
        _admin.Execute(Request(_ids.Select((id, i) => new Entity("test_child", id) { ["test_value"] = 10 + i }).ToArray()));
        var post = Probe.For("UpdateMultiple", "test_child").Single(r => r.Stage == 40);
        Assert.Multiple(() =>
        {
            Assert.That(_ids.Select(id => _env.Peek("test_child", id)!["test_value"]), Is.EqualTo(new[] { 10, 11, 12 }));
            Assert.That(post.Targets!.Select(t => t.Id), Is.EqualTo(_ids));
        });
    }
}
