using System;

namespace Microsoft.Xrm.Sdk.Workflow
{
    /// <summary>Names a workflow activity argument as the process designer shows it.</summary>
    public abstract class ParameterAttribute : Attribute
    {
        protected ParameterAttribute(string name)
        {
            Name = name;
        }

        public string Name { get; }
    }

    /// <summary>Marks an InArgument/InOutArgument property as an input of the step.</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class InputAttribute : ParameterAttribute
    {
        public InputAttribute(string name) : base(name) { }
    }

    /// <summary>Marks an OutArgument/InOutArgument property as an output of the step.</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class OutputAttribute : ParameterAttribute
    {
        public OutputAttribute(string name) : base(name) { }
    }

    /// <summary>The table an EntityReference argument refers to.</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class ReferenceTargetAttribute : Attribute
    {
        public ReferenceTargetAttribute(string entityName)
        {
            EntityName = entityName;
        }

        public string EntityName { get; }
    }

    /// <summary>The choice column whose options an OptionSetValue argument takes.</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class AttributeTargetAttribute : Attribute
    {
        public AttributeTargetAttribute(string entityName, string attributeName)
        {
            EntityName = entityName;
            AttributeName = attributeName;
        }

        public string EntityName { get; }

        public string AttributeName { get; }
    }

    /// <summary>Default value of an input argument (as text; for references also the table).</summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class DefaultAttribute : Attribute
    {
        public DefaultAttribute(string value)
        {
            Value = value;
        }

        public DefaultAttribute(string value, string entityName) : this(value)
        {
            EntityName = entityName;
        }

        public string Value { get; }

        public string EntityName { get; }
    }
}
