using System;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>
    /// A reference to a record (a lookup value). Two references are equal when their <see cref="Id"/> and
    /// <see cref="LogicalName"/> are equal (ordinal); <see cref="Name"/>, keys and row version are ignored.
    /// </summary>
    public sealed class EntityReference
    {
        private KeyAttributeCollection _keyAttributes = new KeyAttributeCollection();

        public EntityReference() { }

        public EntityReference(string logicalName)
        {
            LogicalName = logicalName;
        }

        public EntityReference(string logicalName, Guid id) : this(logicalName)
        {
            Id = id;
        }

        public EntityReference(string logicalName, string keyName, object keyValue) : this(logicalName)
        {
            KeyAttributes[keyName] = keyValue;
        }

        public EntityReference(string logicalName, KeyAttributeCollection keyAttributeCollection) : this(logicalName)
        {
            KeyAttributes = keyAttributeCollection;
        }

        public Guid Id { get; set; }

        public string LogicalName { get; set; }

        public string Name { get; set; }

        public KeyAttributeCollection KeyAttributes
        {
            get { return _keyAttributes; }
            set { _keyAttributes = value; }
        }

        public string RowVersion { get; set; }

        public override bool Equals(object obj)
        {
            if (ReferenceEquals(this, obj)) return true;
            return obj is EntityReference other
                && Id == other.Id
                && string.Equals(LogicalName, other.LogicalName, StringComparison.Ordinal);
        }

        public override int GetHashCode()
        {
            return Id.GetHashCode() ^ (LogicalName == null ? 0 : StringComparer.Ordinal.GetHashCode(LogicalName));
        }
    }

    /// <summary>A currency amount. Equal when the values are equal.</summary>
    public sealed class Money
    {
        public Money() { }

        public Money(decimal value)
        {
            Value = value;
        }

        public decimal Value { get; set; }

        public override bool Equals(object obj) => obj is Money other && Value == other.Value;

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>A choice (option set) value. Equal when the values are equal.</summary>
    public sealed class OptionSetValue
    {
        public OptionSetValue() { }

        public OptionSetValue(int value)
        {
            Value = value;
        }

        public int Value { get; set; }

        public override bool Equals(object obj) => obj is OptionSetValue other && Value == other.Value;

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>A value read through a link-entity alias or an aggregate ("alias.attribute").</summary>
    public sealed class AliasedValue
    {
        public AliasedValue() { }

        public AliasedValue(string entityLogicalName, string attributeLogicalName, object value)
        {
            EntityLogicalName = entityLogicalName;
            AttributeLogicalName = attributeLogicalName;
            Value = value;
        }

        public string AttributeLogicalName { get; private set; }

        public string EntityLogicalName { get; private set; }

        public object Value { get; private set; }
    }

    /// <summary>A relationship by schema name (and, for self-referential ones, the primary entity's role).</summary>
    public sealed class Relationship
    {
        public Relationship() { }

        public Relationship(string schemaName)
        {
            SchemaName = schemaName;
        }

        public string SchemaName { get; set; }

        public EntityRole? PrimaryEntityRole { get; set; }

        public override bool Equals(object obj)
        {
            return obj is Relationship other
                && string.Equals(SchemaName, other.SchemaName, StringComparison.Ordinal)
                && PrimaryEntityRole == other.PrimaryEntityRole;
        }

        public override int GetHashCode()
        {
            return (SchemaName == null ? 0 : StringComparer.Ordinal.GetHashCode(SchemaName)) ^ PrimaryEntityRole.GetHashCode();
        }

        public override string ToString() => SchemaName;
    }

    /// <summary>A set of records returned by RetrieveMultiple, with paging state.</summary>
    public sealed class EntityCollection
    {
        private readonly DataCollection<Entity> _entities = new DataCollection<Entity>();

        public EntityCollection() { }

        public EntityCollection(System.Collections.Generic.IList<Entity> list)
        {
            _entities.AddRange(list);
        }

        public DataCollection<Entity> Entities => _entities;

        public Entity this[int index]
        {
            get { return _entities[index]; }
            set { _entities[index] = value; }
        }

        public string EntityName { get; set; }

        public bool MoreRecords { get; set; }

        public string PagingCookie { get; set; }

        public string MinActiveRowVersion { get; set; }

        public int TotalRecordCount { get; set; }

        public bool TotalRecordCountLimitExceeded { get; set; }
    }
}
