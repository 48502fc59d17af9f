// SPDX-License-Identifier: Apache-2.0
#pragma once

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
