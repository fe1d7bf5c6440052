using Mci.SolutionModel;
using Mci.Rules;

namespace Mci.Solution.Tests
{
    /// <summary>
    /// A seller reads a choice on the form (Solution/src) and again inside a refusal, note or task (Rules/Messages.cs):
    /// both must say the same thing in both languages, so the labels the rules render are compared with the solution's.
    /// </summary>
    public class RuleLabelTests
    {
        // The choice of the solution each enum of the rules names: a global choice, or table.column for a local one.
        private static readonly Dictionary<Type, (string? Table, string Column)> ChoiceOf = new()
        {
            [typeof(SalesMode)] = (null, "mci_salesmode"),
            [typeof(Complexity)] = (null, "mci_complexity"),
            [typeof(PresalesModel)] = (null, "mci_presalesmodel"),
            [typeof(AllocationStatus)] = ("opportunity", "mci_allocationstatus"),
            [typeof(SplitType)] = ("mci_opportunitysplit", "mci_splittype"),
            [typeof(MinutesStatus)] = ("mci_allocationminutes", "mci_status"),
            [typeof(ExceptionStatus)] = ("mci_opportunitypartner", "mci_exceptionstatus"),
            [typeof(ResourceStatus)] = ("mci_resourcerequest", "mci_status"),
            [typeof(ResourceRole)] = ("mci_resourcerequest", "mci_role"),
            [typeof(TierLevel)] = ("mci_supporttier", "mci_level"),
        };

        // Rendered, but not choices of the solution: the standard opportunity status reasons, and column names
        // (partner figures are compared with their columns below; opportunity fields are standard columns).
        private static readonly Type[] LabelledElsewhere = { typeof(OpportunityStatus), typeof(PartnerFigure), typeof(OpportunityField), typeof(OpportunityState) };

        // Never shown as a label: codes, languages and the rules' own decisions.
        // PrivilegeAccess is shown through its own phrases ("change resource requests"), never as a label. ShareRights and
        // ShareAction are what collaborator access hands to GrantAccess/ModifyAccess/RevokeAccess (shown by Dataverse's Share dialog).
        private static readonly Type[] NotRendered = { typeof(RefusalCode), typeof(UiLanguage), typeof(MinutesAction), typeof(OverlayAction), typeof(EscalationReason), typeof(Mci.Rules.PrivilegeAccess), typeof(PrivilegeDepth),
            typeof(ShareRights), typeof(ShareAction) };

        private static readonly (PartnerFigure Figure, string Column)[] FigureColumns =
        {
            (PartnerFigure.OurPrice, "mci_ourprice"), (PartnerFigure.PartnerPrice, "mci_partnerprice"),
            (PartnerFigure.PartnerCost, "mci_partnercost"), (PartnerFigure.FloorPrice, "mci_floorprice"),
        };

        private static IEnumerable<Type> Choices() => ChoiceOf.Keys;

        private static IReadOnlyList<ChoiceOption> Options(Type choice)
        {
            var (table, column) = ChoiceOf[choice];
            return table == null ? Repo.Metadata.GlobalChoice(column)!.Options : Repo.Metadata.Table(table)!.Columns[column].Options;
        }

        [Test]
        public void Every_enum_of_the_rules_is_accounted_for()
        {
            var enums = typeof(SalesMode).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic && t.Namespace == "Mci.Rules");
            Assert.That(enums.Except(ChoiceOf.Keys).Except(LabelledElsewhere).Except(NotRendered), Is.Empty,
                "a new enum of the rules: map it to its choice in ChoiceOf, or say why it has no choice");
        }

        [TestCaseSource(nameof(Choices))]
        public void Messages_render_the_labels_of_the_solutions_options(Type choice)
        {
            var options = Options(choice);
            var values = Enum.GetValues(choice).Cast<Enum>().ToList();
            var problems = new List<string>();
            foreach (var value in values)
            {
                var optionValue = 613000000 + Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                var option = options.SingleOrDefault(o => o.Value == optionValue);
                if (option == null) { problems.Add($"{choice.Name}.{value}: no option {optionValue}"); continue; }
                foreach (var (language, lcid) in new[] { (UiLanguage.English, 1033), (UiLanguage.SimplifiedChinese, 2052) })
                {
                    var rendered = Texts.Render(value, language);
                    if (rendered != option.Labels[lcid]) problems.Add($"{choice.Name}.{value} ({lcid}): messages say '{rendered}', the form says '{option.Labels[lcid]}'");
                }
            }
            if (options.Count != values.Count) problems.Add($"{choice.Name} has {values.Count} values, the choice has {options.Count} options");
            Assert.That(problems, Is.Empty);
        }

        [Test]
        public void Partner_figures_in_messages_are_named_as_their_columns()
        {
            var columns = Repo.Metadata.Table("mci_opportunitypartner")!.Columns;
            Assert.Multiple(() =>
            {
                foreach (var (figure, column) in FigureColumns)
                {
                    var label = columns[column].DisplayNames;
                    // Inside a sentence the English name is lower case ("our price 800.00 is below the floor 600.00").
                    Assert.That(Texts.Render(figure, UiLanguage.English), Is.EqualTo(label[1033]).IgnoreCase, column);
                    Assert.That(Texts.Render(figure, UiLanguage.SimplifiedChinese), Is.EqualTo(label[2052]), column);
                }
            });
        }
    }
}
