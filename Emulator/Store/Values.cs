using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Store
{
    /// <summary>
    /// Copies, compares and describes stored SDK values. Nothing mutable crosses the service boundary uncopied.
    /// (Reading a value's scalar and converting loose values: <see cref="Conversion.SdkValues"/>, <see cref="Conversion.ValueConverter"/>.)
    /// </summary>
    internal static class Values
    {
        public static object? Copy(object? value) => value switch
        {
            null => null,
            EntityReference r => new EntityReference(r.LogicalName, r.Id) { Name = r.Name },
            Money m => new Money(m.Value),
            OptionSetValue o => new OptionSetValue(o.Value),
            OptionSetValueCollection c => new OptionSetValueCollection(c.Select(o => new OptionSetValue(o.Value)).ToList()),
            Entity e => CopyEntity(e),
            EntityCollection ec => CopyCollection(ec),
            EntityReferenceCollection rc => new EntityReferenceCollection(rc.Select(r => (EntityReference)Copy(r)!).ToList()),
            AliasedValue a => new AliasedValue(a.EntityLogicalName, a.AttributeLogicalName, Copy(a.Value)),
            byte[] b => b.ToArray(),
            _ => value,
        };

        public static Entity CopyEntity(Entity e)
        {
            var copy = new Entity(e.LogicalName, e.Id) { EntityState = e.EntityState, RowVersion = e.RowVersion };
            foreach (var a in e.Attributes) copy.Attributes[a.Key] = Copy(a.Value);
            foreach (var k in e.KeyAttributes) copy.KeyAttributes[k.Key] = Copy(k.Value);
            foreach (var f in e.FormattedValues) copy.FormattedValues[f.Key] = f.Value;
            return copy;
        }

        public static EntityCollection CopyCollection(EntityCollection ec)
        {
            var copy = new EntityCollection(ec.Entities.Select(CopyEntity).ToList())
            {
                EntityName = ec.EntityName, MoreRecords = ec.MoreRecords, PagingCookie = ec.PagingCookie, TotalRecordCount = ec.TotalRecordCount,
            };
            return copy;
        }

        /// <summary>Value equality of stored values (used for snapshots and change detection).</summary>
        public static bool Same(object? a, object? b) => (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (EntityReference x, EntityReference y) => x.Id == y.Id && x.LogicalName == y.LogicalName,
            (OptionSetValueCollection x, OptionSetValueCollection y) => x.Select(o => o.Value).OrderBy(v => v).SequenceEqual(y.Select(o => o.Value).OrderBy(v => v)),
            (byte[] x, byte[] y) => x.SequenceEqual(y),
            _ => a.Equals(b),
        };

        /// <summary>Readable text of a stored value (for diffs and messages).</summary>
        public static string Describe(object? value) => value switch
        {
            null => "null",
            EntityReference r => $"{r.LogicalName}({r.Id:D})",
            Money m => m.Value.ToString(CultureInfo.InvariantCulture),
            OptionSetValue o => o.Value.ToString(CultureInfo.InvariantCulture),
            OptionSetValueCollection c => "[" + string.Join(",", c.Select(o => o.Value)) + "]",
            DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
