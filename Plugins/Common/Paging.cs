using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Every query of MCI's plug-ins and activities goes through here: it reads all pages (Dataverse returns at most
    /// 5,000 rows a page) and keeps the values of an In condition to chunks of <see cref="MaxInValues"/>.
    /// </summary>
    internal static class Paging
    {
        /// <summary>Rows per page: Dataverse's maximum (and default).</summary>
        internal const int PageSize = 5000;

        /// <summary>Values per In condition, well below what a query may carry.</summary>
        internal const int MaxInValues = 500;

        /// <summary>
        /// Every row of the query, page by page. A query whose root rows repeat (an outer join to a child table: one row per
        /// child) pages by page number only, because a paging cookie names the last root row and Dataverse's cookies are not
        /// reliable over such joins; any other query passes the cookie of the page before.
        /// </summary>
        public static List<Entity> RetrieveAll(IOrganizationService service, QueryExpression query, bool rootRowsRepeat = false)
        {
            if (query.TopCount != null) throw new InvalidOperationException("A paged query has no TopCount.");
            if (query.Orders.Count == 0) query.AddOrder(query.EntityName + "id", OrderType.Ascending); // a stable order pages consistently
            query.PageInfo = new PagingInfo { Count = PageSize, PageNumber = 1 };
            var rows = new List<Entity>();
            while (true)
            {
                var page = service.RetrieveMultiple(query);
                rows.AddRange(page.Entities);
                if (!page.MoreRecords) return rows;
                query.PageInfo.PageNumber++;
                query.PageInfo.PagingCookie = rootRowsRepeat ? null : page.PagingCookie;
            }
        }

        /// <summary>
        /// Every row matching <paramref name="build"/>'s query for each chunk of at most <see cref="MaxInValues"/> of
        /// <paramref name="values"/> (distinct), each chunk read in full; <paramref name="build"/> puts the chunk into an In condition.
        /// </summary>
        public static List<Entity> RetrieveAllIn<T>(IOrganizationService service, IEnumerable<T> values, Func<object[], QueryExpression> build, bool rootRowsRepeat = false)
        {
            var rows = new List<Entity>();
            foreach (var chunk in Chunks(values.Distinct(), MaxInValues))
                rows.AddRange(RetrieveAll(service, build(chunk.Cast<object>().ToArray()), rootRowsRepeat));
            return rows;
        }

        public static IEnumerable<IReadOnlyList<T>> Chunks<T>(IEnumerable<T> values, int size)
        {
            var chunk = new List<T>(size);
            foreach (var value in values)
            {
                chunk.Add(value);
                if (chunk.Count < size) continue;
                yield return chunk;
                chunk = new List<T>(size);
            }
            if (chunk.Count > 0) yield return chunk;
        }
    }
}
