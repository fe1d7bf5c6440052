using System;
using System.Collections.Generic;
using System.Reflection;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>
    /// A record (late bound). Behaviour plug-in code relies on, as in the real SDK:
    /// the indexer reads <see cref="Attributes"/> and throws <see cref="KeyNotFoundException"/> for an attribute
    /// that is not present; <see cref="GetAttributeValue{T}"/> returns default(T) for a missing or null attribute
    /// and casts otherwise (a wrong type throws <see cref="InvalidCastException"/>); <see cref="Id"/> is a field
    /// of its own and is NOT written to, nor read from, the primary key attribute (e.g. "accountid").
    /// </summary>
    public class Entity
    {
        private AttributeCollection _attributes = new AttributeCollection();
        private KeyAttributeCollection _keyAttributes = new KeyAttributeCollection();
        private FormattedValueCollection _formattedValues = new FormattedValueCollection();
        private RelatedEntityCollection _relatedEntities = new RelatedEntityCollection();

        public Entity() : this((string)null) { }

        public Entity(string entityName)
        {
            LogicalName = entityName;
        }

        public Entity(string entityName, Guid id) : this(entityName)
        {
            Id = id;
        }

        public Entity(string entityName, string keyName, object keyValue) : this(entityName)
        {
            KeyAttributes[keyName] = keyValue;
        }

        public Entity(string entityName, KeyAttributeCollection keyAttributes) : this(entityName)
        {
            KeyAttributes = keyAttributes;
        }

        public string LogicalName { get; set; }

        /// <summary>The record id. Setting it does not touch <see cref="Attributes"/>.</summary>
        public virtual Guid Id { get; set; }

        public AttributeCollection Attributes
        {
            get { return _attributes; }
            set { _attributes = value; }
        }

        public KeyAttributeCollection KeyAttributes
        {
            get { return _keyAttributes; }
            set { _keyAttributes = value; }
        }

        public EntityState? EntityState { get; set; }

        public string RowVersion { get; set; }

        public FormattedValueCollection FormattedValues => _formattedValues;

        public RelatedEntityCollection RelatedEntities => _relatedEntities;

        /// <summary>Gets (throws <see cref="KeyNotFoundException"/> when absent) or adds/replaces an attribute value.</summary>
        public object this[string attributeName]
        {
            get { return Attributes[attributeName]; }
            set { Attributes[attributeName] = value; }
        }

        /// <summary>True when the attribute is present (its value may be null).</summary>
        public bool Contains(string attributeName) => Attributes.Contains(attributeName);

        public virtual T GetAttributeValue<T>(string attributeLogicalName)
        {
            if (!Attributes.TryGetValue(attributeLogicalName, out object value) || value == null)
            {
                return default(T);
            }
            return (T)value;
        }

        public bool TryGetAttributeValue<T>(string attributeLogicalName, out T value)
        {
            if (Attributes.TryGetValue(attributeLogicalName, out object raw) && raw is T typed)
            {
                value = typed;
                return true;
            }
            value = default(T);
            return false;
        }

        protected virtual void SetAttributeValue(string attributeLogicalName, object value)
        {
            Attributes[attributeLogicalName] = value;
        }

        protected virtual string GetFormattedAttributeValue(string attributeLogicalName)
        {
            return FormattedValues.TryGetValue(attributeLogicalName, out string value) ? value : null;
        }

        /// <summary>A reference to this record: logical name, id, alternate keys and row version.</summary>
        public EntityReference ToEntityReference()
        {
            return new EntityReference(LogicalName, Id)
            {
                KeyAttributes = KeyAttributes,
                RowVersion = RowVersion,
            };
        }

        /// <summary>
        /// This record as an early-bound type: a new <typeparamref name="T"/> sharing this record's
        /// attribute collections (a shallow copy). T's EntityLogicalNameAttribute must match <see cref="LogicalName"/>.
        /// </summary>
        public T ToEntity<T>() where T : Entity
        {
            if (typeof(T) == typeof(Entity))
            {
                var copy = new Entity();
                ShallowCopyTo(copy);
                return (T)copy;
            }
            var logicalNameAttribute = typeof(T).GetCustomAttribute<Client.EntityLogicalNameAttribute>();
            if (logicalNameAttribute == null)
            {
                throw new NotSupportedException($"Cannot convert to type '{typeof(T)}': it has no EntityLogicalNameAttribute.");
            }
            if (!string.Equals(logicalNameAttribute.LogicalName, LogicalName, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Cannot convert entity '{LogicalName}' to type '{typeof(T)}' (logical name '{logicalNameAttribute.LogicalName}').");
            }
            var result = (T)Activator.CreateInstance(typeof(T));
            ShallowCopyTo(result);
            return result;
        }

        private void ShallowCopyTo(Entity target)
        {
            target.LogicalName = LogicalName;
            target.Id = Id;
            target.Attributes = Attributes;
            target.KeyAttributes = KeyAttributes;
            target.EntityState = EntityState;
            target.RowVersion = RowVersion;
            target._formattedValues = _formattedValues;
            target._relatedEntities = _relatedEntities;
        }
    }
}
