using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Mci.Rules;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// An opportunity with the related rows a rule needs, read in ONE query: the opportunity, outer-joined to its
    /// split lines and, when asked, to its minutes and its partner engagements (with each partner's minimum margin).
    /// Joining several children multiplies rows (lines × minutes), which is fine for the handful of rows one deal
    /// has and saves a round trip per table; the rows are read page by page (by page number: the root repeats). Only
    /// the columns a caller names are read.
    /// </summary>
    internal sealed class OpportunityData
    {
        private const string LineAlias = "line", MinutesAlias = "minutes", EngagementAlias = "engagement", PartnerAlias = "partner";

        private OpportunityData(Entity opportunity, IReadOnlyList<SplitLine> lines, IReadOnlyList<MinutesInfo> minutes, IReadOnlyList<PartnerEngagement> engagements)
        {
            Opportunity = opportunity;
            Lines = lines;
            Minutes = minutes;
            Engagements = engagements;
        }

        /// <summary>The opportunity's own columns as asked for.</summary>
        public Entity Opportunity { get; }

        public Row Row => new Row(Opportunity);

        public string? Name => Opportunity.GetAttributeValue<string>(Common.Opportunity.Name);

        public decimal? EstimatedValue => Row.Money(Common.Opportunity.EstimatedValue);

        public AllocationStatus? Allocation => Choices.Allocation(Row.Option(Common.Opportunity.AllocationStatus));

        public IReadOnlyList<SplitLine> Lines { get; }

        public IReadOnlyList<MinutesInfo> Minutes { get; }

        public IReadOnlyList<PartnerEngagement> Engagements { get; }

        /// <summary>Reads the opportunity; null when it does not exist (or is not visible to the service's user).</summary>
        /// <param name="lineColumns">mci_opportunitysplit columns to read, or null for no lines.</param>
        /// <param name="minutesColumns">mci_allocationminutes columns, or null.</param>
        /// <param name="engagementColumns">mci_opportunitypartner columns, or null; the partner's name and minimum margin come with them.</param>
        public static OpportunityData? Load(IOrganizationService service, Guid opportunityId, string[] opportunityColumns,
            string[]? lineColumns = null, string[]? minutesColumns = null, string[]? engagementColumns = null)
            => LoadMany(service, new[] { opportunityId }, opportunityColumns, lineColumns, minutesColumns, engagementColumns)
                .TryGetValue(opportunityId, out var data) ? data : null;

        /// <summary>Several opportunities with their related rows, still in ONE query (a batch of split lines may touch
        /// several deals); keyed by opportunity id, missing ones left out.</summary>
        public static IReadOnlyDictionary<Guid, OpportunityData> LoadMany(IOrganizationService service, IEnumerable<Guid> opportunityIds, string[] opportunityColumns,
            string[]? lineColumns = null, string[]? minutesColumns = null, string[]? engagementColumns = null)
        {
            var ids = opportunityIds.Where(id => id != Guid.Empty).Distinct().ToArray();
            if (ids.Length == 0) return new Dictionary<Guid, OpportunityData>();
            var children = lineColumns != null || minutesColumns != null || engagementColumns != null;
            var rows = Paging.RetrieveAllIn(service, ids, chunk =>
            {
                var query = new QueryExpression(Common.Opportunity.EntityName) { ColumnSet = new ColumnSet(opportunityColumns) };
                if (chunk.Length == 1) query.Criteria.AddCondition(Common.Opportunity.Id, ConditionOperator.Equal, chunk[0]);
                else query.Criteria.AddCondition(Common.Opportunity.Id, ConditionOperator.In, chunk);
                if (lineColumns != null)
                    Child(query, OpportunitySplit.EntityName, OpportunitySplit.OpportunityId, LineAlias, With(lineColumns, OpportunitySplit.Id));
                if (minutesColumns != null)
                    Child(query, AllocationMinutes.EntityName, AllocationMinutes.OpportunityId, MinutesAlias, With(minutesColumns, AllocationMinutes.Id));
                if (engagementColumns != null)
                {
                    var engagement = Child(query, OpportunityPartner.EntityName, OpportunityPartner.OpportunityId, EngagementAlias, With(engagementColumns, OpportunityPartner.Id));
                    var partner = engagement.AddLink(Partner.EntityName, OpportunityPartner.PartnerId, Partner.Id, JoinOperator.LeftOuter);
                    partner.EntityAlias = PartnerAlias;
                    partner.Columns = new ColumnSet(Partner.Name, Partner.MinMarginPercent);
                }
                return query;
            }, rootRowsRepeat: children);
            return rows.GroupBy(row => row.Id).ToDictionary(group => group.Key, group => From(group.ToList()));
        }

        /// <summary>The split lines of several opportunities, without the opportunities: the lines are the root of the query
        /// (every page, the ids in chunks), keyed by opportunity id (an opportunity without lines is left out).</summary>
        public static Dictionary<Guid, List<SplitLine>> LinesOf(IOrganizationService service, IEnumerable<Guid> opportunityIds, string[] lineColumns)
        {
            var rows = Paging.RetrieveAllIn(service, opportunityIds, chunk =>
            {
                var query = new QueryExpression(OpportunitySplit.EntityName) { ColumnSet = new ColumnSet(With(lineColumns, OpportunitySplit.OpportunityId)) };
                query.Criteria.AddCondition(OpportunitySplit.OpportunityId, ConditionOperator.In, chunk);
                return query;
            });
            return rows
                .GroupBy(e => e.GetAttributeValue<EntityReference>(OpportunitySplit.OpportunityId).Id)
                .ToDictionary(g => g.Key, g => g.Select(e => Map.SplitLine(new Row(e), e.Id)).ToList());
        }

        private static OpportunityData From(IReadOnlyList<Entity> rows)
        {
            var opportunity = new Entity(Common.Opportunity.EntityName, rows[0].Id);
            foreach (var attribute in rows[0].Attributes.Where(a => !a.Key.Contains(".")))
                opportunity[attribute.Key] = attribute.Value;
            var name = opportunity.GetAttributeValue<string>(Common.Opportunity.Name);

            var lines = Distinct(rows, LineAlias, OpportunitySplit.Id, r => Map.SplitLine(r));
            var minutes = Distinct(rows, MinutesAlias, AllocationMinutes.Id, Map.Minutes);
            var engagements = new List<PartnerEngagement>();
            var seen = new HashSet<Guid>();
            foreach (var row in rows)
            {
                var e = new Row(row, EngagementAlias);
                if (e.Id(OpportunityPartner.Id) is Guid id && seen.Add(id))
                    engagements.Add(Map.Engagement(e, new Row(row, PartnerAlias), name));
            }
            return new OpportunityData(opportunity, lines, minutes, engagements);
        }

        private static LinkEntity Child(QueryExpression query, string table, string lookup, string alias, string[] columns)
        {
            var link = query.AddLink(table, Common.Opportunity.Id, lookup, JoinOperator.LeftOuter);
            link.EntityAlias = alias;
            link.Columns = new ColumnSet(columns);
            return link;
        }

        private static string[] With(string[] columns, string key) => columns.Contains(key) ? columns : columns.Concat(new[] { key }).ToArray();

        private static List<T> Distinct<T>(IEnumerable<Entity> rows, string alias, string key, Func<Row, T> map)
        {
            var result = new List<T>();
            var seen = new HashSet<Guid>();
            foreach (var row in rows)
            {
                var r = new Row(row, alias);
                if (r.Id(key) is Guid id && seen.Add(id)) result.Add(map(r));
            }
            return result;
        }
    }
}
