using System;
using Microsoft.Xrm.Sdk;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// Typed reads of one record's columns, whether the record is an entity of its own (Target, image, query row) or
    /// a link-entity's columns inside a query row (AliasedValue under "alias.column").
    /// </summary>
    internal readonly struct Row
    {
        private readonly Entity _entity;
        private readonly string? _alias;

        public Row(Entity entity, string? alias = null)
        {
            _entity = entity;
            _alias = alias;
        }

        public object? Raw(string column)
        {
            if (!_entity.Attributes.TryGetValue(Key(column), out var value) || value == null) return null;
            return value is AliasedValue aliased ? aliased.Value : value;
        }

        public EntityReference? Ref(string column) => Raw(column) as EntityReference;

        public Guid? RefId(string column) => Ref(column)?.Id;

        /// <summary>A primary key or uniqueidentifier column (a link-entity's key arrives as a Guid).</summary>
        public Guid? Id(string column) => Raw(column) switch
        {
            Guid g => g,
            EntityReference r => r.Id,
            _ => (Guid?)null,
        };

        public string? Text(string column) => Raw(column) as string;

        public decimal? Money(string column) => Raw(column) switch
        {
            Microsoft.Xrm.Sdk.Money m => m.Value,
            decimal d => d,
            _ => (decimal?)null,
        };

        public decimal? Decimal(string column) => Raw(column) switch
        {
            decimal d => d,
            Microsoft.Xrm.Sdk.Money m => m.Value,
            _ => (decimal?)null,
        };

        public int? Int(string column) => Raw(column) is int i ? i : (int?)null;

        public bool Bool(string column) => Raw(column) is bool b && b;

        public DateTime? Date(string column) => Raw(column) is DateTime d ? d : (DateTime?)null;

        public OptionSetValue? Option(string column) => Raw(column) as OptionSetValue;

        private string Key(string column) => _alias == null ? column : _alias + "." + column;
    }

    /// <summary>Helpers on entities as the pipeline hands them over.</summary>
    internal static class Entities
    {
        /// <summary>The record as it will be after the save: the pre-image (or nothing, on create) with the Target's values laid over it.</summary>
        public static Entity Merge(Entity? preImage, Entity target)
        {
            var merged = new Entity(target.LogicalName, target.Id);
            if (preImage != null)
            {
                foreach (var attribute in preImage.Attributes) merged[attribute.Key] = attribute.Value;
            }
            foreach (var attribute in target.Attributes) merged[attribute.Key] = attribute.Value;
            return merged;
        }

        /// <summary>Sets a column only when its value differs from what the record holds, so an unchanged value is not written again.</summary>
        public static bool SetIfChanged(Entity target, Row current, string column, object? value)
        {
            if (SameValue(current.Raw(column), value) && !target.Contains(column)) return false;
            if (target.Contains(column) && SameValue(target[column], value)) return false;
            target[column] = value;
            return true;
        }

        public static bool SameValue(object? a, object? b)
        {
            if (a is Microsoft.Xrm.Sdk.Money ma) a = ma.Value;
            if (b is Microsoft.Xrm.Sdk.Money mb) b = mb.Value;
            if (a is OptionSetValue oa) a = oa.Value;
            if (b is OptionSetValue ob) b = ob.Value;
            if (a is EntityReference ra) a = ra.Id;
            if (b is EntityReference rb) b = rb.Id;
            return Equals(a, b);
        }

        public static Microsoft.Xrm.Sdk.Money? Money(decimal? value) => value is decimal d ? new Microsoft.Xrm.Sdk.Money(d) : null;
    }
}
