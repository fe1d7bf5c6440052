using Mci.Packaging;
using Mci.SolutionModel;

namespace Mci.Solution.Tests
{
    /// <summary>The one reader of Solution/src (shared by these checks and the emulator) and its one table of SDK messages.</summary>
    public class ReaderTests
    {
        // The 14 ids Microsoft Learn publishes ("Use messages with the SDK for .NET", the sdkmessagefilters sample for account).
        private static readonly Dictionary<string, string> PlatformMessages = new()
        {
            ["Assign"] = "8cbdbb1b-ea3e-db11-86a7-000a3a5473e8", ["Create"] = "9ebdbb1b-ea3e-db11-86a7-000a3a5473e8",
            ["Delete"] = "a1bdbb1b-ea3e-db11-86a7-000a3a5473e8",
            ["GrantAccess"] = "c5bdbb1b-ea3e-db11-86a7-000a3a5473e8", ["Merge"] = "dbbdbb1b-ea3e-db11-86a7-000a3a5473e8",
            ["ModifyAccess"] = "dcbdbb1b-ea3e-db11-86a7-000a3a5473e8", ["Retrieve"] = "f2bdbb1b-ea3e-db11-86a7-000a3a5473e8",
            ["RetrieveMultiple"] = "03bebb1b-ea3e-db11-86a7-000a3a5473e8", ["RetrievePrincipalAccess"] = "04bebb1b-ea3e-db11-86a7-000a3a5473e8",
            ["RetrieveSharedPrincipalsAndAccess"] = "10bebb1b-ea3e-db11-86a7-000a3a5473e8", ["RevokeAccess"] = "11bebb1b-ea3e-db11-86a7-000a3a5473e8",
            ["SetState"] = "1cbebb1b-ea3e-db11-86a7-000a3a5473e8", ["SetStateDynamicEntity"] = "1dbebb1b-ea3e-db11-86a7-000a3a5473e8",
            ["Update"] = "20bebb1b-ea3e-db11-86a7-000a3a5473e8",
        };

        [Test]
        public void The_message_table_knows_exactly_the_published_ids()
        {
            Assert.Multiple(() =>
            {
                foreach (var (name, id) in PlatformMessages)
                {
                    Assert.That(SdkMessages.NameOf(new Guid(id)), Is.EqualTo(name), id);
                    Assert.That(SdkMessages.IdOf(name), Is.EqualTo(new Guid(id)), name);
                }
                Assert.That(SdkMessages.NameOf(Guid.NewGuid()), Is.Null);
                Assert.That(SdkMessages.All.Values, Is.EquivalentTo(PlatformMessages.Keys), "no id without a public source (Execute, Win, CreateMultiple, ...)");
                Assert.That(SdkMessages.IdOf("create"), Is.EqualTo(new Guid(PlatformMessages["Create"])), "names compare case-insensitively");
            });
        }

        [Test]
        public void The_reader_says_what_the_XML_says()
        {
            var m = Repo.Metadata;
            var status = m.Table("mci_allocationminutes")!.Columns["statuscode"];
            var state = m.Table("mci_allocationminutes")!.Columns["statecode"];
            Assert.Multiple(() =>
            {
                Assert.That(status.Options.Select(o => o.State), Has.All.Not.Null, "a status reason knows its state");
                Assert.That(state.Options.Select(o => o.DefaultStatus), Has.All.Not.Null, "a state knows its default status reason");
                Assert.That(m.Table("opportunity")!.Columns["mci_salesmode"].Choice, Is.Not.Null.And.Property(nameof(Choice.IsGlobal)).True);
                Assert.That(m.Table("mci_opportunitysplit")!.Columns["mci_splittype"].Choice, Is.Not.Null.And.Property(nameof(Choice.IsGlobal)).False);
                Assert.That(m.Table("mci_opportunitysplit")!.Columns["mci_locked"].Options.Select(o => o.Value), Is.EquivalentTo(new[] { 0, 1 }), "yes/no options");
                Assert.That(m.Steps.Where(s => !File.ReadAllText(s.Source).Contains("<Configuration", StringComparison.Ordinal)).Select(s => s.UnsecureConfiguration), Has.All.Null,
                    "no configuration element, no configuration (not an empty one)");
                Assert.That(m.Steps, Has.All.Matches<StepDefinition>(s => s.Description != null && s.StateCode == 0));
            });
        }

        [Test]
        public void A_file_the_reader_cannot_read_is_an_error_that_names_it()
        {
            using var temp = new TempSolution();
            var file = temp.PathOf("OptionSets/mci_complexity.xml");
            File.WriteAllText(file, File.ReadAllText(file).Replace("value=\"613000000\"", "value=\"low\""));
            var ex = Assert.Throws<InvalidSolutionException>(() => SolutionDefinition.ReadFolder(temp.Src))!;
            Assert.That(ex.Message, Does.StartWith(file));
        }

        [Test]
        public void A_role_without_a_name_is_an_error_that_names_its_file()
        {
            using var temp = new TempSolution();
            var file = temp.PathOf("Roles/MCI Seller.xml");
            temp.Edit("Roles/MCI Seller.xml", d => d.Root!.Attribute("name")!.Remove());
            var ex = Assert.Throws<InvalidSolutionException>(() => SolutionDefinition.ReadFolder(temp.Src))!;
            Assert.That(ex.Message, Does.StartWith(file).And.Contain("<Role> without name"));
        }
    }
}
