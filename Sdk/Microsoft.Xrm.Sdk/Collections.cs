using System.Collections.Generic;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>The attribute values of an <see cref="Entity"/>, by logical name.</summary>
    public sealed class AttributeCollection : DataCollection<string, object>
    {
        public AttributeCollection() { }
        public AttributeCollection(IDictionary<string, object> dictionary) : base(dictionary) { }
    }

    /// <summary>Input/output parameters and shared variables of a message.</summary>
    public class ParameterCollection : DataCollection<string, object>
    {
        public ParameterCollection() { }
        public ParameterCollection(IDictionary<string, object> dictionary) : base(dictionary) { }

        /// <summary>Sets the value when it is not null; a null value leaves the collection as it is.</summary>
        public void AddOrUpdateIfNotNull(string key, object value)
        {
            if (value != null) this[key] = value;
        }

        /// <summary>True when the key is present and its value is a <typeparamref name="T"/>.</summary>
        public bool TryGetValue<T>(string key, out T value)
        {
            if (base.TryGetValue(key, out object raw) && raw is T typed)
            {
                value = typed;
                return true;
            }
            value = default(T);
            return false;
        }

        // The value cast to T when present and not null, else default(T); a value of another type throws InvalidCastException.
        internal T ValueOrDefault<T>(string key)
        {
            return base.TryGetValue(key, out object value) && value != null ? (T)value : default(T);
        }
    }

    /// <summary>Pre/post entity images of a step, by image alias.</summary>
    public class EntityImageCollection : DataCollection<string, Entity>
    {
        public EntityImageCollection() { }
        public EntityImageCollection(IDictionary<string, Entity> dictionary) : base(dictionary) { }
    }

    /// <summary>Formatted (display) values of attributes, by logical name.</summary>
    public sealed class FormattedValueCollection : DataCollection<string, string>
    {
        public FormattedValueCollection() { }
        public FormattedValueCollection(IDictionary<string, string> dictionary) : base(dictionary) { }
    }

    /// <summary>Alternate key values identifying a record.</summary>
    public sealed class KeyAttributeCollection : DataCollection<string, object>
    {
        public KeyAttributeCollection() { }
        public KeyAttributeCollection(IDictionary<string, object> dictionary) : base(dictionary) { }
    }

    /// <summary>Related records of an entity, by relationship.</summary>
    public sealed class RelatedEntityCollection : DataCollection<Relationship, EntityCollection>
    {
        public RelatedEntityCollection() { }
        public new bool IsReadOnly => false;
    }

    /// <summary>Error details of a service fault.</summary>
    public sealed class ErrorDetailCollection : DataCollection<string, object>
    {
        public ErrorDetailCollection() { }
    }

    public sealed class EntityReferenceCollection : DataCollection<EntityReference>
    {
        public EntityReferenceCollection() { }
        public EntityReferenceCollection(IList<EntityReference> list)
        {
            AddRange(list);
        }
    }

    public sealed class OptionSetValueCollection : DataCollection<OptionSetValue>
    {
        public OptionSetValueCollection() { }
        public OptionSetValueCollection(IList<OptionSetValue> list)
        {
            AddRange(list);
        }
    }

    public sealed class OrganizationRequestCollection : DataCollection<OrganizationRequest>
    {
        public OrganizationRequestCollection() { }
    }

    public sealed class OrganizationResponseCollection : DataCollection<OrganizationResponse>
    {
        public OrganizationResponseCollection() { }
    }

    public sealed class ExecuteMultipleResponseItemCollection : DataCollection<ExecuteMultipleResponseItem>
    {
        public ExecuteMultipleResponseItemCollection() { }
    }
}

namespace Microsoft.Xrm.Sdk
{
    /// <summary>Queries for related records, by relationship (RetrieveRequest.RelatedEntitiesQuery).</summary>
    public sealed class RelationshipQueryCollection : DataCollection<Relationship, Query.QueryBase>
    {
        public RelationshipQueryCollection() { }
    }
}
