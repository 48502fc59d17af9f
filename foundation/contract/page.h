// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace billing::contract {

// One page of a list: `{"total": N, "items": [...]}` (the API's list shape, resources/openapi.json).
template<typename T>
struct Page {
    qint64 total = 0;
    qint64 offset = 0;
    QList<T> items;

    QJsonObject toJson() const
    {
        QJsonArray array;
        for (const T &item : items)
            array.append(item.toJson());
        return {{"total", total}, {"offset", offset}, {"items", array}};
    }

    // The same page as compact JSON bytes, written directly, for items that write themselves
    // (T::writeJson): the API's most frequent answer.
    QByteArray toJsonText() const requires requires(const T &item, JsonWriter &out) { item.writeJson(out); }
    {
        JsonWriter out;
        out.reserve(64 + items.size() * 512);
        out.beginObject().key("items").beginArray();
        for (const T &item : items)
            item.writeJson(out);
        out.endArray().key("offset").integer(offset).key("total").integer(total).endObject();
        return out.take();
    }

    static Page fromJson(const QJsonObject &json)
    {
        Page page;
        page.total = json.value("total").toInteger();
        page.offset = json.value("offset").toInteger();
        const QJsonArray array = json.value("items").toArray();
        page.items.reserve(array.size());
        for (const auto &item : array)
            page.items.append(T::fromJson(item.toObject()));
        return page;
    }
};

} // namespace billing::contract
