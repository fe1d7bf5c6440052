using System;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Conversion
{
    /// <summary>The SDK types of custom API parameters and properties, as Dataverse hands them to the plug-in and the caller.</summary>
    public static class CustomApiTypes
    {
        public static Type ClrType(CustomApiFieldType type) => type switch
        {
            CustomApiFieldType.Boolean => typeof(bool),
            CustomApiFieldType.DateTime => typeof(DateTime),
            CustomApiFieldType.Decimal => typeof(decimal),
            CustomApiFieldType.Entity => typeof(Entity),
            CustomApiFieldType.EntityCollection => typeof(EntityCollection),
            CustomApiFieldType.EntityReference => typeof(EntityReference),
            CustomApiFieldType.Float => typeof(double),
            CustomApiFieldType.Integer => typeof(int),
            CustomApiFieldType.Money => typeof(Money),
            CustomApiFieldType.Picklist => typeof(OptionSetValue),
            CustomApiFieldType.String => typeof(string),
            CustomApiFieldType.StringArray => typeof(string[]),
            CustomApiFieldType.Guid => typeof(Guid),
            _ => typeof(object),
        };

        /// <summary>What a scenario value of the parameter or property converts to (<see cref="ValueConverter"/>).</summary>
        public static ValueTarget Target(CustomApiField field, string what) => ValueTarget.Typed($"{what} {field.UniqueName}", ClrType(field.Type), field.LogicalEntityName);
    }
}
